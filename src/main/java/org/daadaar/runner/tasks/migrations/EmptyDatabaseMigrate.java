package org.daadaar.runner.tasks.migrations;

import static org.daadaar.runner.Causes.firstLine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.db.FlywayHistory;
import org.daadaar.runner.db.Transaction;
import org.daadaar.runner.output.DurationText;
import org.daadaar.runner.tasks.TaskContext;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drizzle folder applied to an empty database without Flyway: each file's text as one
 * simple-protocol query (WholeScript), all of them in one transaction together with Flyway's
 * history table and the rows Flyway's own group run would have written, in one batch.
 *
 * <p>Why: on a fresh database Flyway's executor costs about half as much again as the migrations'
 * own DDL. It parses every file with its SQL parser, sends each statement on its own, and around
 * each migration sends about eight statements of its own (SET ROLE, schema checks, search_path, a
 * read and an insert of the history): some 1,600 round trips for 200 migrations, which drizzle's
 * own migrator does not make, and which cost far more over a network than on loopback. Starting
 * Flyway at all (its plugins, its database detection, its resolver) costs more than the rest of
 * a small run (bench/README.md, "Where the time went before").
 *
 * <p>What Flyway would have written comes from Flyway's own rules: its table's DDL
 * (db/FlywayHistory), the file names drizzle-import writes (DrizzleResources,
 * which Flyway reads every later run), their descriptions and Flyway's checksum calculator;
 * EmptyDatabaseMigrateTest compares catalog and history with Flyway's own run of the same folder.
 * Every later migrate, validate and info is Flyway's. The shortcut is taken only when nothing can
 * differ from Flyway's own group run of the same files: no Flyway history and an empty schema
 * (checked by the caller; the history table is created in this transaction, so a concurrent run
 * waits for it and then, finding the table, leaves the work to Flyway, which finds it done),
 * every pending file free of what Flyway's executor treats specially (placeholders, COPY FROM
 * STDIN, statements it runs outside a transaction, changes of role or search_path that it resets
 * between migrations), PostgreSQL 12 or later (where Flyway runs ALTER TYPE ... ADD VALUE in a
 * transaction too). On a database in use each migration stays its own transaction, through
 * Flyway; a failure here rolls everything back, the history table with it, and leaves the
 * database as empty as it was.
 */
final class EmptyDatabaseMigrate {
    private static final Logger log = LoggerFactory.getLogger(EmptyDatabaseMigrate.class);
    // Anything Flyway's executor would not send as it is: placeholders and script directives it
    // reads; COPY data it reads from the file; the statements its PostgreSQL parser marks
    // non-transactional; role and search_path, which it restores before each migration; a SQL-standard
    // function body (BEGIN ATOMIC), whose inner semicolons the lint's split would cut at. Matched
    // anywhere, comments included: a false match only means the ordinary Flyway run.
    private static final Pattern FLYWAY_TREATS_SPECIALLY = Pattern.compile(
            "\\$\\{|flyway:|\\bstdin\\b|\\bconcurrently\\b|\\bvacuum\\b|\\breindex\\b|\\bdiscard\\b"
                    + "|\\balter\\s+system\\b|\\b(?:database|tablespace|subscription)\\b"
                    + "|search_path|set_config|\\bset\\s+(?:session\\s+|local\\s+)?(?:role|schema)\\b|\\breset\\b"
                    + "|session\\s+authorization|\\bbegin\\s+atomic\\b",
            Pattern.CASE_INSENSITIVE);
    /**
     * A word of each of the pattern's alternatives: a file (lower-cased) holding none of them
     * cannot match, and is passed without the pattern, which is slow on a long text.
     */
    private static final List<String> ANY_ALTERNATIVE = List.of(
            "${",
            "flyway:",
            "stdin",
            "concurrently",
            "vacuum",
            "reindex",
            "discard",
            "system",
            "database",
            "tablespace",
            "subscription",
            "search_path",
            "set_config",
            "role",
            "schema",
            "reset",
            "authorization",
            "atomic");

    private static final int MIN_SERVER_MAJOR = 12;
    /** CREATE TABLE of a history table that another run created meanwhile (committed, or just now). */
    private static final List<String> CREATED_MEANWHILE = List.of("42P07", "23505");

    private EmptyDatabaseMigrate() {}

    /**
     * One file as the shortcut sends it, with what Flyway's history records for it.
     *
     * @param name the file name Flyway knows it by (V(idx+1)__TAG.sql)
     * @param location the drizzle file on disk, which the report names
     * @param text its content as sent (a byte order mark left out, as Flyway reads it)
     */
    record Script(String name, String location, int version, String description, int checksum, String text) {}

    /**
     * The journal's files as the shortcut sends them, in the journal's order; null when one holds
     * what Flyway's executor handles itself (the migrations then run through Flyway).
     */
    static List<Script> sendable(DrizzleJournal journal) {
        List<Script> scripts = new ArrayList<>();
        for (DrizzleJournal.Entry entry : journal.entries()) {
            String text = DrizzleJournal.text(entry.file(), entry.bytes());
            String special = flywayTreatsSpecially(text);
            if (special != null) {
                log.info(
                        "{} holds '{}', which Flyway's executor handles itself: Flyway reads and runs these"
                                + " migrations",
                        entry.flywayName(),
                        special);
                return null;
            }
            scripts.add(new Script(
                    entry.flywayName(),
                    entry.file().toAbsolutePath().toString(),
                    entry.version(),
                    // As Flyway describes V1__0000_init.sql: the part after "__", underscores as spaces.
                    entry.tag().replace('_', ' '),
                    // Flyway's own calculator, on the text it reads (it skips a byte order mark itself).
                    FlywayHistory.checksum(text),
                    // Flyway skips a byte order mark when it reads a file; PostgreSQL would not.
                    text.startsWith("\uFEFF") ? text.substring(1) : text));
        }
        return scripts;
    }

    /** What in the text Flyway's executor would treat specially, or null. */
    static String flywayTreatsSpecially(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (ANY_ALTERNATIVE.stream().noneMatch(lower::contains)) {
            return null;
        }
        Matcher special = FLYWAY_TREATS_SPECIALLY.matcher(text);
        return special.find() ? special.group() : null;
    }

    /**
     * @param scripts the files as {@link #sendable} gives them
     * @return what was applied, or null when the shortcut does not apply (the caller then runs
     *     Flyway's migrate, which finds the history as it is)
     */
    static MigrateResult apply(TaskContext context, List<Script> scripts) throws SQLException {
        try {
            return Transaction.run(context.dataSource(), true, c -> applyAll(context, c, scripts));
        } catch (CreatedMeanwhile e) {
            log.info("another migrate created Flyway's history table meanwhile; Flyway's migrate takes it from there");
            return null;
        }
    }

    /** Flyway's history table appeared under this run's CREATE TABLE: another migrate made it. */
    private static final class CreatedMeanwhile extends RuntimeException {
        CreatedMeanwhile(SQLException cause) {
            super(cause);
        }
    }

    /** Null, with nothing done, when the shortcut does not apply after all. */
    private static MigrateResult applyAll(TaskContext context, Connection c, List<Script> scripts) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() < MIN_SERVER_MAJOR) {
            return null;
        }
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
        String history = FlywayHistory.table(FlywayHistory.quote(schema));
        log.info(
                "Creating Schema History table {} in the one transaction of the migrations (an empty database)",
                history);
        createHistoryTable(context, c, schema);
        // As Flyway sets it before each migration (PostgreSQLConnection.changeCurrentSchemaTo), for
        // this transaction only: the schema first, then the session's own path.
        if (!schema.equals(searchPath) && !searchPath.startsWith(schema + ",")) {
            try (PreparedStatement st = c.prepareStatement("select set_config('search_path', ?, true)")) {
                st.setString(1, FlywayHistory.quote(schema) + "," + searchPath);
                st.execute();
            }
        }
        List<MigrateOutput> applied = new ArrayList<>();
        for (Script script : scripts) {
            long started = System.nanoTime();
            try {
                for (SQLWarning warning : WholeScript.execute(c, script.text())) {
                    log.info("DB: {}", warning.getMessage());
                }
            } catch (SQLException e) {
                throw failure(context, script, e);
            }
            int millis = (int) ((System.nanoTime() - started) / 1_000_000);
            applied.add(new MigrateOutput(
                    "Versioned",
                    String.valueOf(script.version()),
                    script.description(),
                    "SQL",
                    script.location(),
                    millis,
                    null));
        }
        List<FlywayHistory.Row> rows = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            Script script = scripts.get(i);
            rows.add(new FlywayHistory.Row(
                    i + 1,
                    String.valueOf(script.version()),
                    script.description(),
                    "SQL",
                    script.name(),
                    script.checksum(),
                    applied.get(i).executionTime));
        }
        FlywayHistory.insert(c, FlywayHistory.quote(schema), rows);
        MigrateResult result = new MigrateResult();
        result.schemaName = schema;
        result.migrations = applied;
        result.migrationsExecuted = applied.size();
        result.targetSchemaVersion = applied.isEmpty() ? null : applied.get(applied.size() - 1).version;
        result.success = true;
        return result;
    }

    /**
     * Flyway's history table, in this transaction. Another migrate's table, made meanwhile, is
     * waited for as long as a run waits for Flyway's lock, and then left to Flyway's own run.
     */
    private static void createHistoryTable(TaskContext context, Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(
                    "set local lock_timeout = " + Math.max(1, context.lockWait().toMillis()));
            try {
                st.execute(FlywayHistory.createTable(FlywayHistory.quote(schema)));
            } catch (SQLException e) {
                if (CREATED_MEANWHILE.contains(e.getSQLState())) {
                    throw new CreatedMeanwhile(e);
                }
                if ("55P03".equals(e.getSQLState())) {
                    // Not a migration's lock timeout (which is retried): the other migrate is still
                    // applying these migrations, or stopped without ending its transaction.
                    throw RunnerException.environment(
                            "migrate: another migrate has held this empty database's new Flyway history table for"
                                    + " longer than --lock-wait (" + DurationText.words(context.lockWait())
                                    + ") while it applies the migrations; this run applied nothing; check that"
                                    + " run (pg_stat_activity), then rerun",
                            null);
                }
                throw e;
            }
            st.execute("set local lock_timeout to default");
        }
    }

    /** The contract's one line, as FlywayFailures words a failed migration: file, line, PostgreSQL's error. */
    private static RuntimeException failure(TaskContext context, Script p, SQLException e) throws SQLException {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("57P01"))) {
            throw e; // a lost connection: the runner's own classification has the hints
        }
        String where = p.name() + line(p.text(), e);
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
}
