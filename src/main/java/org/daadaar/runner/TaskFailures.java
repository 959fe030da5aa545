package org.daadaar.runner;

import java.sql.SQLException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.db.ConnectionFailures;
import org.daadaar.runner.tasks.Task;

/** Maps what escapes a task onto the contract's exit codes, with one line that names the task. */
final class TaskFailures {
    private TaskFailures() {}

    static RunnerException classify(Task run, Exception failure, ConnectionSettings settings) {
        String task = run.name();
        String rolledBack = rolledBack(run);
        if (failure instanceof RunnerException r) {
            return r;
        }
        SQLException sql = null;
        for (Throwable t = failure; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                sql = s;
            }
        }
        if (sql == null) {
            return RunnerException.taskFailed(
                    task + " failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
        }
        String state = sql.getSQLState();
        if (state.startsWith("57P0")) {
            // admin_shutdown, crash_shutdown, cannot_connect_now: the session ended under the task.
            return RunnerException.environment(
                    task + ": the database ended the session (" + firstLine(sql.getMessage()) + ", SQLSTATE " + state
                            + "); " + rolledBack,
                    failure);
        }
        if (state.startsWith("08") || state.startsWith("28")) {
            return ConnectionFailures.classify(failure, settings);
        }
        if (state.equals("55P03")) {
            return RunnerException.environment(
                    task + " waited longer than lock_timeout ("
                            + settings.lockTimeout().toMillis() + " ms) for a lock another session holds ("
                            + firstLine(sql.getMessage()) + "); " + rolledBack,
                    failure);
        }
        if (state.equals("57014")) {
            return RunnerException.environment(
                    task + " hit statement_timeout ("
                            + settings.statementTimeout().toMillis()
                            + " ms) or was cancelled; " + rolledBack,
                    failure);
        }
        String hint = state.equals("42P01") ? "; is the schema there? run migrate first" : "";
        return RunnerException.taskFailed(
                task + " failed: " + firstLine(sql.getMessage()) + " (SQLSTATE " + state + ")" + hint + "; "
                        + rolledBack,
                failure);
    }

    /** What a failure leaves behind: nothing, or the batches committed before it. */
    private static String rolledBack(Task task) {
        Object batches = task.progress().get(Task.COMMITTED_BATCHES);
        if (batches instanceof Number n && n.longValue() > 0) {
            return "the " + n + " batch(es) committed before it stay done, the one in flight was rolled back, and a"
                    + " rerun finishes the rest";
        }
        return "its transaction was rolled back, nothing was changed, and a rerun is safe";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
