package org.daadaar.runner;

/** The exit codes of CONTRACT.md; the only numbers a caller of the runner may rely on. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int TASK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int ENVIRONMENT = 3;
    public static final int GUARD_REFUSED = 4;

    private ExitCode() {}
}
