package org.daadaar.runner.tasks;

/** A task that only reads: no audit row and no lock against other runs. */
public interface ReadOnlyTask extends Task {
    @Override
    default boolean audited() {
        return false;
    }

    @Override
    default boolean exclusive() {
        return false;
    }
}
