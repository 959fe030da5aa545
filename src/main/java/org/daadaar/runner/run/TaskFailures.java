package org.daadaar.runner.run;

import static org.daadaar.runner.Causes.firstLine;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.daadaar.runner.Causes;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.db.ConnectionFailures;
import org.daadaar.runner.tasks.Task;

/**
 * Maps what escapes a task onto the contract's exit codes, with one line that names the task: 1 for
 * what the task's SQL did wrong, 3 for the session, the connection, a timeout or a full pool, 143
 * for a stop (SIGTERM). A RunnerException the task threw keeps its own code.
 */
final class TaskFailures {
    private TaskFailures() {}

    static RunnerException classify(Task run, Exception failure, ConnectionSettings settings) {
        if (failure instanceof RunnerException r) {
            return r;
        }
        String task = run.name();
        String rolledBack = rolledBack(run);
        SQLException sql = Causes.find(failure, SQLException.class, s -> s.getSQLState() != null);
        SQLTransientConnectionException noConnection = Causes.find(failure, SQLTransientConnectionException.class);
        if (sql == null && noConnection != null) {
            // HikariCP's "Connection is not available, request timed out": every connection busy,
            // or the server accepted no new one in time. Nothing the task did was wrong.
            return RunnerException.environment(
                    task + ": no database connection was free or could be opened ("
                            + firstLine(noConnection.getMessage())
                            + "); check the server's connection limit and load; " + rolledBack,
                    failure);
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
            // Lost mid-run (a stalled network, a cut connection): what stays done matters as much
            // as why the connection went.
            RunnerException lost = ConnectionFailures.classify(failure, settings);
            return RunnerException.environment(task + ": " + lost.getMessage() + "; " + rolledBack, failure);
        }
        if (state.equals("53300")) {
            return RunnerException.environment(
                    task + ": the database refused another connection (" + firstLine(sql.getMessage())
                            + ", SQLSTATE 53300): check max_connections and the role's CONNECTION LIMIT"
                            + " against what else is connected; " + rolledBack,
                    failure);
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

    /** A stop (SIGTERM) came before the task began. */
    static RunnerException notStarted(Task run) {
        return RunnerException.stopped(run.name() + " was not started: the run was stopped (SIGTERM)", null);
    }

    /** Whatever the task's own error, a stop (SIGTERM) is why it ended. */
    static RunnerException stopped(Task run, Exception failure) {
        if (failure instanceof RunnerException r && r.exitCode() == ExitCode.STOPPED) {
            return r; // the task's own words for where the stop found it (waiting for a snapshot, say)
        }
        return RunnerException.stopped(
                run.name() + " was stopped (SIGTERM) and its work in flight cancelled; " + rolledBack(run), failure);
    }

    /**
     * The failure's line, and the snapshot the task made before it changed anything, if it made
     * one: the moment an operator may want to restore from it is now.
     */
    static RunnerException namingSnapshot(Task run, RunnerException failure) {
        Object snapshot = run.progress().get(Task.SNAPSHOT_MADE);
        if (snapshot == null || failure.getMessage().contains(snapshot.toString())) {
            return failure;
        }
        return failure.with("; snapshot " + snapshot + " was made before it and is kept");
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
}
