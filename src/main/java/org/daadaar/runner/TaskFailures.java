package org.daadaar.runner;

import java.sql.SQLException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.db.ConnectionFailures;

/** Maps what escapes a task onto the contract's exit codes, with one line that names the task. */
final class TaskFailures {
    private TaskFailures() {}

    static RunnerException classify(String task, Exception failure, ConnectionSettings settings) {
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
                            + "); the transaction in progress was rolled back and a rerun is safe",
                    failure);
        }
        if (state.startsWith("08") || state.startsWith("28")) {
            return ConnectionFailures.classify(failure, settings);
        }
        if (state.equals("55P03")) {
            return RunnerException.environment(
                    task + " waited longer than lock_timeout ("
                            + settings.lockTimeout().toMillis() + " ms) for a lock another session holds; nothing was"
                            + " changed and a rerun is safe (" + firstLine(sql.getMessage()) + ")",
                    failure);
        }
        if (state.equals("57014")) {
            return RunnerException.environment(
                    task + " hit statement_timeout ("
                            + settings.statementTimeout().toMillis()
                            + " ms) or was cancelled; its transaction was rolled back and a rerun is safe",
                    failure);
        }
        return RunnerException.taskFailed(
                task + " failed and was rolled back: " + firstLine(sql.getMessage()) + " (SQLSTATE " + state + ")",
                failure);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
