package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.Task;

/** A task's subcommand: turns its parsed options into a validated task, before any connection. */
public interface TaskCommand {
    Task task();
}
