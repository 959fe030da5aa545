package org.daadaar.runner;

/**
 * The one failure type that reaches the command line: an exit code and a one-line message that
 * says what failed and what to check. The message must never hold a secret; the cause is printed
 * only with --verbose.
 */
public final class RunnerException extends RuntimeException {
    private final int exitCode;

    private RunnerException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static RunnerException badInput(String message) {
        return new RunnerException(ExitCode.BAD_INPUT, message, null);
    }

    public static RunnerException badInput(String message, Throwable cause) {
        return new RunnerException(ExitCode.BAD_INPUT, message, cause);
    }

    public static RunnerException environment(String message, Throwable cause) {
        return new RunnerException(ExitCode.ENVIRONMENT, message, cause);
    }

    public static RunnerException taskFailed(String message, Throwable cause) {
        return new RunnerException(ExitCode.TASK_FAILED, message, cause);
    }

    public static RunnerException guardRefused(String message) {
        return new RunnerException(ExitCode.GUARD_REFUSED, message, null);
    }

    public static RunnerException stopped(String message, Throwable cause) {
        return new RunnerException(ExitCode.STOPPED, message, cause);
    }

    /** The same failure, its line followed by {@code more} (what it left behind, say). */
    public RunnerException with(String more) {
        RunnerException longer = new RunnerException(exitCode, getMessage() + more, getCause());
        longer.setStackTrace(getStackTrace());
        return longer;
    }

    public int exitCode() {
        return exitCode;
    }
}
