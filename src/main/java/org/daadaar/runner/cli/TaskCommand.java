package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.Task;

/** A task's subcommand: turns its parsed options into a validated task, before any connection. */
public interface TaskCommand extends TopLevelCommand {
    Task task();

    @Override
    default CommandGroup group() {
        return CommandGroup.DATABASE_TASKS;
    }
}
