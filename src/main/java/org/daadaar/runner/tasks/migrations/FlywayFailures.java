package org.daadaar.runner.tasks.migrations;

import static org.daadaar.runner.Causes.find;
import static org.daadaar.runner.Causes.firstLine;

import java.sql.SQLException;
import java.util.Optional;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.tasks.TaskContext;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/**
 * Turns Flyway's multi-line exceptions into the contract's one line and exit code: which file,
 * which statement, what PostgreSQL said, what was rolled back, and what to do next. Exit 2 for a
 * schema that another tool made, 4 while another migrate holds Flyway's lock, 3 for a lock or
 * statement timeout, 1 for a migration that failed or applied migrations that differ; a lost
 * connection is left to the run's own mapping.
 */
final class FlywayFailures {
    private static final int STATEMENT_CHARS = 160;
    private static final String LOCK_TIMEOUT = "55P03";

    private FlywayFailures() {}

    static RuntimeException classify(
            String task, FlywayException failure, Optional<String> lockWait, TaskContext context) {
        return classify(task, failure, lockWait, context, 1);
    }

    /**
     * Whether the failure is a lock timeout in a migration that ran in a transaction, so that
     * PostgreSQL rolled it back whole and trying it again is safe. In Flyway's group mode the
     * transaction held every pending migration, and they were all rolled back together.
     */
    static boolean retryableLockTimeout(FlywayException failure) {
        SQLException sql = find(failure, SQLException.class);
        FlywayMigrateException migration = find(failure, FlywayMigrateException.class);
        return sql != null
                && LOCK_TIMEOUT.equals(sql.getSQLState())
                && migration != null
                && migration.isExecutableInTransaction();
    }

    /** @param attempts how many times the migration was tried, retries after lock timeouts included */
    static RuntimeException classify(
            String task, FlywayException failure, Optional<String> lockWait, TaskContext context, int attempts) {
        ConnectionSettings settings = context.settings();
        if (failure.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return RunnerException.badInput(ForeignSchema.refusal("the schema", failure.getMessage()), failure);
        }
        if (failure instanceof FlywayValidateException) {
            return RunnerException.taskFailed(
                    task + " refused before changing anything: the applied migrations differ" + " from the ones given: "
                            + advice(failure.getMessage()) + " (validate lists each difference)",
                    failure);
        }
        if (String.valueOf(failure.getMessage()).contains("attempting to acquire PostgreSQL advisory lock")) {
            return RunnerException.guardRefused("another migrate holds Flyway's lock on " + FlywaySetup.HISTORY_TABLE
                    + "; waited " + context.lockWait().toSeconds() + " s (--lock-wait): let it finish, then run"
                    + " again");
        }
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        FlywayMigrateException migration = find(failure, FlywayMigrateException.class);
        String where = where(migration, find(failure, FlywaySqlScriptException.class));
        if (LOCK_TIMEOUT.equals(state)) {
            String waited = task + ": " + where + " waited longer than lock_timeout ("
                    + settings.lockTimeout().toMillis() + " ms) for "
                    + lockWait.orElse("a lock that another session holds");
            if (migration != null && !migration.isExecutableInTransaction()) {
                return RunnerException.environment(
                        waited + "; not retried: it runs outside a transaction (executeInTransaction=false), so"
                                + " what it did before the wait stays done and Flyway recorded it as failed: drop"
                                + " what it left (such as an INVALID index), run repair to remove its failed row,"
                                + " then migrate again when that session is done or with a longer --lock-timeout",
                        failure);
            }
            String tries = attempts > 1
                    ? " (the last of " + attempts + " attempts, --lock-retries " + (attempts - 1) + ")"
                    : "";
            return RunnerException.environment(
                    waited + tries + "; that migration was rolled back and a rerun is safe (when that session is"
                            + " done, or with a longer --lock-timeout)",
                    failure);
        }
        if ("57014".equals(state)) {
            return RunnerException.environment(
                    task + ": " + where + " hit statement_timeout ("
                            + settings.statementTimeout().toMillis()
                            + " ms) or was cancelled; that migration was rolled back and"
                            + " a rerun is safe (raise --statement-timeout for a long migration)",
                    failure);
        }
        if (state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("57P01"))) {
            return failure; // a lost or refused connection: the runner's own classification has the hints
        }
        if (migration == null || sql == null) {
            return RunnerException.taskFailed(task + " failed: " + oneLine(failure.getMessage()), failure);
        }
        String rolledBack = migration.isExecutableInTransaction()
                ? "it was rolled back, and migrations applied before it stay applied"
                : "it ran outside a transaction (executeInTransaction=false), so statements before the failing one"
                        + " stay done: drop what they left (such as an INVALID index), fix the migration, and run"
                        + " repair to remove its failed row from " + FlywaySetup.HISTORY_TABLE + " before a rerun";
        return RunnerException.taskFailed(
                task + ": " + where + " failed: " + firstLine(sql.getMessage()) + " (SQLSTATE " + state + "); "
                        + rolledBack,
                failure);
    }

    private static String where(FlywayMigrateException migration, FlywaySqlScriptException script) {
        StringBuilder s = new StringBuilder(
                migration == null ? "a statement" : migration.getMigration().getScript());
        if (script != null) {
            if (script.getLineNumber() > 0) {
                s.append(" line ").append(script.getLineNumber());
            }
            if (script.getStatement() != null) {
                String statement = script.getStatement().strip().replaceAll("\\s+", " ");
                s.append(" (")
                        .append(
                                statement.length() > STATEMENT_CHARS
                                        ? statement.substring(0, STATEMENT_CHARS) + "..."
                                        : statement)
                        .append(')');
            }
        }
        return s.toString();
    }

    /**
     * Flyway's text on one line, without its advice that does not apply here: a changed applied
     * migration is restored, or accepted by name (repair --accept-checksum), never realigned
     * wholesale as Flyway's "run repair" would; and no link to a product blog.
     */
    static String advice(String message) {
        return oneLine(message)
                .replaceAll("Validate failed: Migrations have failed validation;\\s*", "")
                .replaceAll(
                        "\\s*Either revert the changes to the migration, or run repair to update the schema history\\.;?",
                        "")
                .replaceAll(";?\\s*Need more flexibility with validation rules\\?.*$", "")
                .replaceAll("\\s*->\\s*", " ")
                .replaceAll(" {2,}", " ")
                .replaceAll("[;\\s]+$", "");
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
