package org.daadaar.runner.tasks;

/** One named unit of database work. Built validated, so {@link #run} only meets the database. */
public interface Task {
    String name();

    TaskResult run(TaskContext context) throws Exception;
}
