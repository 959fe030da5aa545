package org.daadaar.runner.db;

import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * What every Flyway of the runner shares, the application's (tasks/migrations/FlywaySetup, which
 * says why each setting) and the runner's own schema's (RunnerSchema): no clean, no out-of-order
 * or changed migration applied around, Flyway's log through ours, its lock waited for as long as
 * a task waits for any lock, and a session-level lock that never holds a transaction open.
 */
public final class FlywayDefaults {
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private FlywayDefaults() {}

    public static FluentConfiguration configure(ClassLoader loader, DataSource dataSource, Duration lockWait) {
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .validateOnMigrate(true)
                .outOfOrder(false)
                .cleanDisabled(true)
                .failOnMissingLocations(true)
                // Flyway's log lines go through SLF4J to our appender, masked like ours.
                .loggers("slf4j")
                // Flyway polls its lock once a second.
                .lockRetryCount((int) Math.max(1, Math.min(Integer.MAX_VALUE, lockWait.toSeconds())))
                .connectRetries(0);
    }

    /**
     * The DDL Flyway's PostgreSQLDatabase.getRawCreateScript runs for its history table (no
     * tablespace, no baseline row), for the two places that create the table themselves in the
     * transaction of their first changes (FirstRunnerSchema, EmptyDatabaseMigrate); their tests
     * compare the result with the table Flyway makes.
     *
     * @param schema the schema, quoted as an identifier
     */
    public static String createHistoryTable(String schema) {
        String table = schema + ".\"" + HISTORY_TABLE + "\"";
        return "CREATE TABLE " + table + " (\n"
                + "    \"installed_rank\" INT NOT NULL,\n"
                + "    \"version\" VARCHAR(50),\n"
                + "    \"description\" VARCHAR(200) NOT NULL,\n"
                + "    \"type\" VARCHAR(20) NOT NULL,\n"
                + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                + "    \"checksum\" INTEGER,\n"
                + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                + "    \"execution_time\" INTEGER NOT NULL,\n"
                + "    \"success\" BOOLEAN NOT NULL\n"
                + ");\n"
                + "ALTER TABLE " + table + " ADD CONSTRAINT \"" + HISTORY_TABLE
                + "_pk\" PRIMARY KEY (\"installed_rank\");\n"
                + "CREATE INDEX \"" + HISTORY_TABLE + "_s_idx\" ON " + table + " (\"success\");";
    }

    /** As Flyway quotes a PostgreSQL identifier (PostgreSQLDatabase.doQuote). */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Loads it with the session-level lock (postgresql.transactional.lock=false). */
    public static Flyway load(FluentConfiguration configuration) {
        Flyway flyway = configuration.load();
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return flyway;
    }
}
