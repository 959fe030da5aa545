package org.daadaar.runner.tasks;

/**
 * How a task ended, as the report, --output json and the audit row's status column say it. The
 * words are part of the output contract (dashboards and queries on runner_audit match them), so
 * a constant may be renamed but its word stays.
 */
public enum TaskStatus {
    SUCCEEDED("succeeded"),
    NOTHING_TO_DO("nothing-to-do"),
    DRY_RUN("dry-run"),
    /** Bad input or a guard said no (exit 2 or 4); nothing was changed. */
    REFUSED("refused"),
    FAILED("failed"),
    /** Stopped by SIGTERM (exit 143); what the task had committed so far stays. */
    INTERRUPTED("interrupted");

    private final String word;

    TaskStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
