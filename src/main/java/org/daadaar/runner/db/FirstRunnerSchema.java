package org.daadaar.runner.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's schema on a database that has none yet, made in one transaction: the schema, the
 * history table as Flyway creates it, the db/runner migrations, and the rows Flyway's own migrate
 * would have written for them (its schema-creation marker, then each migration with Flyway's
 * checksum). Every later migrate, validate and upgrade of db_runner goes through Flyway, which
 * finds its history as it would have made it (RunnerSchemaTest compares the two, catalog and rows).
 *
 * <p>Why: on a new database Flyway's run of one small migration costs about 140 ms (its first
 * start, then a transaction and a commit for the schema, the history table, the lock and the
 * migration), as much as the whole set-up of a drizzle project's first migrate otherwise; this
 * is one round of statements and one commit. And the database never holds a half-made schema: a
 * failure rolls all of it back.
 */
final class FirstRunnerSchema {
    private static final Logger log = LoggerFactory.getLogger(FirstRunnerSchema.class);

    private static final String SCHEMA = FlywayHistory.quote(RunnerSchema.SCHEMA);

    private FirstRunnerSchema() {}

    /**
     * Creates it all, or (on any error) nothing.
     *
     * @param session the connection that holds the runner schema's advisory lock
     */
    static void create(Connection session) throws SQLException {
        Transaction.run(session, true, c -> {
            log.info("Creating the runner's schema \"{}\" and its history", RunnerSchema.SCHEMA);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + SCHEMA);
                st.execute(FlywayHistory.createTable(SCHEMA));
                // As Flyway sets it before each migration: the schema first, for this transaction only.
                st.execute("select set_config('search_path', '" + SCHEMA.replace("'", "''")
                        + ",' || current_setting('search_path'), true)");
            }
            // What Flyway writes when it created the schema itself (SchemaHistory.addSchemasMarker).
            List<FlywayHistory.Row> rows = new ArrayList<>();
            rows.add(new FlywayHistory.Row(0, null, "<< Flyway Schema Creation >>", "SCHEMA", SCHEMA, null, 0));
            for (String script : RunnerSchema.SCRIPTS) {
                String text = text(script);
                long started = System.nanoTime();
                try (Statement st = c.createStatement()) {
                    st.execute(text);
                }
                int millis = (int) ((System.nanoTime() - started) / 1_000_000);
                rows.add(new FlywayHistory.Row(
                        rows.size(),
                        version(script),
                        description(script),
                        "SQL",
                        script,
                        FlywayHistory.checksum(text),
                        millis));
            }
            FlywayHistory.insert(c, SCHEMA, rows);
            return null;
        });
    }

    /** "V1__audit.sql" -> "1". */
    static String version(String script) {
        return script.substring(1, script.indexOf("__"));
    }

    /** "V1__audit.sql" -> "audit", as Flyway describes a file: underscores become spaces. */
    static String description(String script) {
        return script.substring(script.indexOf("__") + 2, script.length() - ".sql".length())
                .replace('_', ' ');
    }

    private static String text(String script) {
        String resource = "/db/runner/" + script;
        try (InputStream in = FirstRunnerSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(resource + " could not be read", e);
        }
    }
}
