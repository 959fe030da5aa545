package org.daadaar.runner;

/** The exit codes (README, "Exit codes"): the only numbers a caller of the runner may rely on. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int TASK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int ENVIRONMENT = 3;
    public static final int GUARD_REFUSED = 4;

    /**
     * Stopped by SIGTERM (CodeBuild's StopBuild and build timeout send it): 128 + 15, the status the
     * JVM exits with after a SIGTERM. The task in flight was rolled back by the server, and its audit
     * row says interrupted, with the counts of what it committed before.
     */
    public static final int STOPPED = 143;

    private ExitCode() {}
}
