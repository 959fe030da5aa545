package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.daadaar.runner.Causes;
import org.daadaar.runner.RunnerException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The runner's own tables, in their own schema with their own Flyway history, brought up to date
 * before any changing task whatever migrations the project uses (--locations), so the audit trail
 * never depends on the application's schema. Also takes over, once, the rows of the audit table
 * that the packaged V2 made in the application's schema.
 */
public final class RunnerSchema {
    public static final String SCHEMA = "db_runner";
    public static final String AUDIT_TABLE = SCHEMA + ".audit";
    static final String HISTORY_TABLE = FlywayDefaults.HISTORY_TABLE;
    static final String LOCATION = "classpath:db/runner";
    /** The files of db/runner, oldest first (RunnerSchemaTest checks the list against the folder). */
    static final List<String> SCRIPTS = List.of("V1__audit.sql");
    /** The newest of them: a database at it needs no Flyway run. */
    static final String LATEST_VERSION = FirstRunnerSchema.version(SCRIPTS.get(SCRIPTS.size() - 1));

    private RunnerSchema() {}

    /**
     * What the bookkeeping did: the rows it moved from the old table (named), or none.
     *
     * @param movedFrom the old table whose rows moved, null when there was none
     */
    public record Outcome(String movedFrom, long movedRows) {
        static final Outcome NOTHING = new Outcome(null, 0);
    }

    /**
     * Brings the schema up to date, under an advisory lock of its own so that several builds
     * starting at once neither race on CREATE SCHEMA nor move the old rows twice.
     *
     * @throws RunnerException exit 3 when the role may not set the schema up, before any change
     */
    public static Outcome bringUpToDate(DataSource dataSource, Duration lockWait, Duration unlockLimit) {
        try {
            RunnerSchemaState before = state(dataSource);
            if (before.ready()) {
                return Outcome.NOTHING;
            }
            refuseIfNotAllowed(before);
            try (AdvisoryLock lock = AdvisoryLock.acquire(dataSource, SCHEMA, lockWait, unlockLimit)) {
                // Another run may have done it while this one waited for the lock. Read, and
                // set up, on the lock's own session: on a new database the pool holds only that
                // one, and a second would cost another handshake and login.
                RunnerSchemaState state = RunnerSchemaState.read(lock.connection());
                if (state.ready()) {
                    return Outcome.NOTHING;
                }
                refuseIfNotAllowed(state);
                if (!state.schemaExists()) {
                    FirstRunnerSchema.create(lock.connection());
                } else if (!state.upToDate()) {
                    flyway(dataSource, lockWait).migrate();
                }
                return state.oldTable() == null ? Outcome.NOTHING : moveRows(lock.connection(), state.oldTable());
            }
        } catch (SQLException | FlywayException e) {
            throw RunnerException.environment(
                    "the runner's own schema " + SCHEMA + " could not be brought up to date: "
                            + Causes.firstLine(e.getMessage())
                            + "; no task was run",
                    e);
        }
    }

    /**
     * For a dry run, which changes nothing, not even the runner's schema: null when an audit row can be
     * written as it is, else why not.
     */
    public static String notReadyBecause(DataSource dataSource) {
        try {
            RunnerSchemaState state = state(dataSource);
            if (state.ready()) {
                return null;
            }
            return state.refusal()
                    .map(refusal -> "a run that is not a dry run would stop here: " + refusal)
                    .orElse("the runner's own schema " + SCHEMA + " is not set up yet (a run that is not a dry run"
                            + " sets it up"
                            + (state.oldTable() == null ? "" : " and moves the rows of " + state.oldTable())
                            + ")");
        } catch (SQLException e) {
            return "the runner's own schema " + SCHEMA + " could not be read: " + Causes.firstLine(e.getMessage());
        }
    }

    private static void refuseIfNotAllowed(RunnerSchemaState state) {
        if (state.refusal().isPresent()) {
            throw RunnerException.environment(state.refusal().get(), null);
        }
    }

    private static RunnerSchemaState state(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return RunnerSchemaState.read(c);
        }
    }

    /** The application's Flyway settings (FlywayDefaults), pointed at db_runner only. */
    static Flyway flyway(DataSource dataSource, Duration lockWait) {
        return FlywayDefaults.load(FlywayDefaults.configure(RunnerSchema.class.getClassLoader(), dataSource, lockWait)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations(LOCATION));
    }

    /** Locks the old table, unless it is gone (the transaction is then aborted; the caller rolls back). */
    private static boolean lockIfStillThere(Statement st, String table) throws SQLException {
        try (var rs = st.executeQuery("select to_regclass('" + table.replace("'", "''") + "') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try {
            st.execute("lock table " + table + " in access exclusive mode");
            return true;
        } catch (SQLException e) {
            // Dropped while this transaction waited for the lock: PostgreSQL looks the name up again.
            if ("42P01".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * One transaction: the rows arrive and the old table goes together, or neither. Ids are kept
     * when db_runner.audit is still empty (always, unless an older runner wrote to the old table
     * after a newer one had started), so a row cited by its id stays findable.
     *
     * @param c the session that holds the runner schema's advisory lock, left open
     */
    private static Outcome moveRows(Connection c, String oldTable) throws SQLException {
        String columns =
                "task, parameters, dry_run, status, counts, started_at, finished_at, build_id, initiator, error";
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                // An older runner still writing to it waits, rather than losing a row to the drop.
                if (!lockIfStillThere(st, oldTable)) {
                    // Dropped since the state was read: by V3 of a concurrent migrate, which drops it
                    // only when it is empty, so there was nothing to move.
                    c.rollback();
                    return Outcome.NOTHING;
                }
                boolean keepIds;
                try (var rs = st.executeQuery("select not exists (select 1 from " + AUDIT_TABLE + ")")) {
                    rs.next();
                    keepIds = rs.getBoolean(1);
                }
                long moved = keepIds
                        ? st.executeUpdate(
                                "insert into " + AUDIT_TABLE + " (id, " + columns + ") overriding system value"
                                        + " select id, " + columns + " from " + oldTable + " order by id")
                        : st.executeUpdate("insert into " + AUDIT_TABLE + " (" + columns + ") select " + columns
                                + " from " + oldTable + " order by id");
                if (keepIds && moved > 0) {
                    st.execute("select setval(pg_get_serial_sequence('" + AUDIT_TABLE
                            + "', 'id'), (select max(id) from " + AUDIT_TABLE + "))");
                }
                st.execute("drop table " + oldTable);
                c.commit();
                return new Outcome(oldTable, moved);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
