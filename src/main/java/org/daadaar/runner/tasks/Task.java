package org.daadaar.runner.tasks;

import java.util.Map;

/** One named unit of database work. Built validated, so {@link #run} only meets the database. */
public interface Task {
    String COMMITTED_BATCHES = "batches";
    /** The progress key of a snapshot the task made before it changed anything (migrate --snapshot-first). */
    String SNAPSHOT_MADE = "snapshot_id";

    String name();

    TaskResult run(TaskContext context) throws Exception;

    /** The options this run was given, for the audit row; never a secret. */
    default Map<String, Object> parameters() {
        return Map.of();
    }

    /**
     * What this run has done so far, for the audit row of a run that fails or is refused part-way,
     * such as the batches a cleanup committed before its connection died. A task that commits in
     * batches puts their number under {@link #COMMITTED_BATCHES}, so a failure can say what stays.
     */
    default Map<String, Object> progress() {
        return Map.of();
    }

    /** Whether the run writes a db_runner.audit row: every task that may change data does. */
    default boolean audited() {
        return true;
    }

    /**
     * Whether the run holds the task's advisory lock. migrate relies on Flyway's own lock instead,
     * and read-only tasks need none.
     */
    default boolean exclusive() {
        return true;
    }
}
