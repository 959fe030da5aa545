package org.daadaar.runner.tasks.migrations;

import static org.daadaar.runner.Causes.firstLine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.db.Transaction;
import org.daadaar.runner.tasks.TaskContext;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.FlywayExecutor;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.command.DbInfo;
import org.flywaydb.core.internal.schemahistory.SchemaHistory;
import org.flywaydb.core.internal.util.AbbreviationUtils;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drizzle folder applied to an empty database without Flyway's per-statement executor: each
 * file's text as one simple-protocol query (WholeScript), all of them in one transaction, then
 * the history rows Flyway would have written, in one batch in that same transaction.
 *
 * <p>Why: on a fresh database Flyway's executor costs about half as much again as the migrations'
 * own DDL. It parses every file with its SQL parser, sends each statement on its own, and around
 * each migration sends about eight statements of its own (SET ROLE, schema checks, search_path, a
 * read and an insert of the history): some 1,600 round trips for 200 migrations, which drizzle's
 * own migrator does not make, and which cost far more over a network than on loopback
 * (bench/README.md, "Where the time went before").
 *
 * <p>Why only here: Flyway is still the one that creates its history table, resolves the files
 * (version, description, script, checksum come from its own MigrationInfo) and runs every later
 * migrate, validate and info. The shortcut is taken only when nothing can differ from Flyway's
 * own group run of the same files: no Flyway history and an empty schema (checked by the caller,
 * and again under an exclusive lock on the new history table, so that a concurrent run waits and
 * then finds the work done), every pending file free of what Flyway's executor treats specially
 * (placeholders, COPY FROM STDIN, statements it runs outside a transaction, changes of role or
 * search_path that it resets between migrations), PostgreSQL 12 or later (where Flyway runs
 * ALTER TYPE ... ADD VALUE in a transaction too). On a database in use each migration stays its
 * own transaction, through Flyway; a failure here rolls every migration back and leaves the
 * database as empty as it was (the new history table stays, empty, as after Flyway's own
 * failed group).
 */
final class EmptyDatabaseMigrate {
    private static final Logger log = LoggerFactory.getLogger(EmptyDatabaseMigrate.class);
    // Anything Flyway's executor would not send as it is: placeholders and script directives it
    // reads; COPY data it reads from the file; the statements its PostgreSQL parser marks
    // non-transactional; role and search_path, which it restores before each migration. Matched
    // anywhere, comments included: a false match only means the ordinary Flyway run.
    private static final Pattern FLYWAY_TREATS_SPECIALLY = Pattern.compile(
            "\\$\\{|flyway:|\\bstdin\\b|\\bconcurrently\\b|\\bvacuum\\b|\\breindex\\b|\\bdiscard\\b"
                    + "|\\balter\\s+system\\b|\\b(?:database|tablespace|subscription)\\b"
                    + "|search_path|set_config|\\bset\\s+(?:session\\s+|local\\s+)?(?:role|schema)\\b|\\breset\\b"
                    + "|session\\s+authorization",
            Pattern.CASE_INSENSITIVE);
    private static final int MIN_SERVER_MAJOR = 12;

    private EmptyDatabaseMigrate() {}

    /** One pending migration: Flyway's view of it and the text that is sent. */
    private record Pending(MigrationInfo info, String text) {}

    /**
     * The files' texts as the shortcut sends them, by Flyway's name for each, in the journal's
     * order; null when one holds what Flyway's executor handles itself (the migrations then run
     * through Flyway).
     */
    static Map<String, String> sendable(DrizzleJournal journal) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (DrizzleJournal.Entry entry : journal.entries()) {
            String text = DrizzleJournal.text(entry.file(), entry.bytes());
            Matcher special = FLYWAY_TREATS_SPECIALLY.matcher(text);
            if (special.find()) {
                log.info(
                        "{} holds '{}', which Flyway's executor handles itself: the migrations run through Flyway",
                        entry.flywayName(),
                        special.group());
                return null;
            }
            // Flyway skips a byte order mark when it reads a file; PostgreSQL would not.
            texts.put(entry.flywayName(), text.startsWith("\uFEFF") ? text.substring(1) : text);
        }
        return texts;
    }

    /**
     * @param config the migrate's own configuration, target unset
     * @param texts the files as {@link #sendable} gives them
     * @return what was applied, or null when the shortcut does not apply (the caller then runs
     *     Flyway's migrate, which finds the history as it is)
     */
    static MigrateResult apply(TaskContext context, FluentConfiguration config, Map<String, String> texts)
            throws SQLException {
        if (!serverAtLeast(context.dataSource(), MIN_SERVER_MAJOR)) {
            return null;
        }
        Flyway flyway = FlywaySetup.load(config);
        Prepared prepared = prepare(flyway);
        List<Pending> pending = new ArrayList<>();
        for (MigrationInfo info : prepared.pending()) {
            String text = texts.get(info.getScript());
            if (text == null) {
                return null;
            }
            pending.add(new Pending(info, text));
        }
        if (pending.size() != texts.size()) {
            return null;
        }
        // No lock-wait watch (LockWaits): on an empty database the only lock to wait for is the
        // history table's, held by a concurrent migrate, and that wait is bounded by --lock-wait.
        return Transaction.run(context.dataSource(), true, c -> applyAll(context, c, pending, prepared));
    }

    /** What Flyway itself provides: its history table, its view of the files, its quoting and installed_by. */
    private record Prepared(MigrationInfo[] pending, String historyTable, String installedBy) {}

    /**
     * One run of Flyway's own executor (the one behind its migrate and info), on its own
     * connection: it creates the history table as its migrate does on an empty schema (with the
     * same log line and race handling), and resolves the files as its info does (DbInfo), so
     * version, description, script and checksum are Flyway's. Flyway 13.12's classes, not its
     * documented API: a Flyway upgrade that changes them fails the build, not a run.
     */
    private static Prepared prepare(Flyway flyway) {
        Configuration configuration = flyway.getConfiguration();
        return new FlywayExecutor(configuration)
                .execute(
                        (resolver, history, database, schema, schemas, callbacks, interceptor) -> {
                            if (!history.exists()) {
                                history.create(false);
                            }
                            MigrationInfo[] pending = new DbInfo(
                                            resolver, history, configuration, database, callbacks, schemas)
                                    .info()
                                    .pending();
                            return new Prepared(pending, history.toString(), database.getInstalledBy());
                        },
                        true,
                        null);
    }

    private static MigrateResult applyAll(TaskContext context, Connection c, List<Pending> pending, Prepared flyway)
            throws SQLException {
        String schema;
        String searchPath;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_schema(), current_setting('search_path')")) {
            rs.next();
            schema = rs.getString(1);
            searchPath = rs.getString(2);
        }
        if (schema == null) {
            return null; // no schema on the search_path: Flyway's own run says what to do
        }
        String history = flyway.historyTable();
        if (!lockEmptyHistory(context, c, history)) {
            return null;
        }
        // As Flyway sets it before each migration (PostgreSQLConnection.changeCurrentSchemaTo), for
        // this transaction only: the schema first, then the session's own path.
        if (!schema.equals(searchPath) && !searchPath.startsWith(schema + ",")) {
            try (PreparedStatement st = c.prepareStatement("select set_config('search_path', ?, true)")) {
                st.setString(1, quote(schema) + "," + searchPath);
                st.execute();
            }
        }
        List<MigrateOutput> applied = new ArrayList<>();
        for (Pending p : pending) {
            long started = System.nanoTime();
            try {
                for (SQLWarning warning : WholeScript.execute(c, p.text())) {
                    log.info("DB: {}", warning.getMessage());
                }
            } catch (SQLException e) {
                throw failure(context, p, e);
            }
            int millis = (int) ((System.nanoTime() - started) / 1_000_000);
            applied.add(new MigrateOutput(
                    "Versioned",
                    p.info().getVersion().toString(),
                    p.info().getDescription(),
                    p.info().getType().name(),
                    p.info().getPhysicalLocation(),
                    millis,
                    null));
        }
        writeHistory(c, history, pending, applied, flyway.installedBy());
        MigrateResult result = new MigrateResult();
        result.schemaName = schema;
        result.migrations = applied;
        result.migrationsExecuted = applied.size();
        result.targetSchemaVersion = applied.isEmpty() ? null : applied.get(applied.size() - 1).version;
        result.success = true;
        return result;
    }

    /**
     * Holds the history table until commit, waiting as long as a run waits for Flyway's lock: a
     * concurrent migrate (this shortcut or Flyway's own) then reads the history only after this
     * transaction, and finds it done. False when another run got there first.
     */
    private static boolean lockEmptyHistory(TaskContext context, Connection c, String history) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(
                    "set local lock_timeout = " + Math.max(1, context.lockWait().toMillis()));
            st.execute("lock table " + history + " in access exclusive mode");
            st.execute("set local lock_timeout to default");
            try (ResultSet rs = st.executeQuery("select count(*) from " + history)) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    /**
     * The rows Flyway's SchemaHistory.addAppliedMigration inserts (its abbreviations and marker for
     * an empty description included), installed_on left to its default now().
     */
    private static void writeHistory(
            Connection c, String history, List<Pending> pending, List<MigrateOutput> applied, String installedBy)
            throws SQLException {
        int rank;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select coalesce(max(installed_rank), 0) from " + history)) {
            rs.next();
            rank = rs.getInt(1);
        }
        try (PreparedStatement st = c.prepareStatement("insert into " + history
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                + " success) values (?, ?, ?, ?, ?, ?, ?, ?, true)")) {
            for (int i = 0; i < pending.size(); i++) {
                MigrationInfo m = pending.get(i).info();
                st.setInt(1, ++rank);
                st.setString(2, m.getVersion().toString());
                st.setString(
                        3,
                        AbbreviationUtils.abbreviateDescription(
                                m.getDescription().isEmpty()
                                        ? SchemaHistory.NO_DESCRIPTION_MARKER
                                        : m.getDescription()));
                st.setString(4, m.getType().name());
                st.setString(5, AbbreviationUtils.abbreviateScript(m.getScript()));
                st.setObject(6, m.getChecksum(), java.sql.Types.INTEGER);
                st.setString(7, installedBy);
                st.setInt(8, applied.get(i).executionTime);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The contract's one line, as FlywayFailures words a failed migration: file, line, PostgreSQL's error. */
    private static RuntimeException failure(TaskContext context, Pending p, SQLException e) throws SQLException {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("57P01"))) {
            throw e; // a lost connection: the runner's own classification has the hints
        }
        String where = p.info().getScript() + line(p.text(), e);
        String rolledBack = "every migration of this run was rolled back with it (on an empty database they run in"
                + " one transaction), so the database is as empty as it was";
        if ("55P03".equals(state)) {
            return RunnerException.environment(
                    "migrate: " + where + " waited longer than lock_timeout ("
                            + context.settings().lockTimeout().toMillis() + " ms) for a lock; " + rolledBack
                            + "; a rerun is safe",
                    e);
        }
        if ("57014".equals(state)) {
            return RunnerException.environment(
                    "migrate: " + where + " hit statement_timeout ("
                            + context.settings().statementTimeout().toMillis() + " ms) or was cancelled; "
                            + rolledBack + "; a rerun is safe (raise --statement-timeout for a long migration)",
                    e);
        }
        return RunnerException.taskFailed(
                "migrate: " + where + " failed: " + firstLine(e.getMessage()) + " (SQLSTATE " + state + "); "
                        + rolledBack,
                e);
    }

    /** " line N" from the error's position in the file's text, when the server gives one. */
    private static String line(String text, SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        int position = server == null ? 0 : server.getPosition();
        if (position <= 0 || position > text.length() + 1) {
            return "";
        }
        return " line "
                + (1
                        + text.substring(0, position - 1)
                                .chars()
                                .filter(ch -> ch == '\n')
                                .count());
    }

    private static boolean serverAtLeast(DataSource dataSource, int major) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseMajorVersion() >= major;
        }
    }

    /** As Flyway quotes a PostgreSQL identifier (PostgreSQLDatabase.doQuote). */
    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
