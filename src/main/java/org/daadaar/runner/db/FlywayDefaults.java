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

    /** Loads it with the session-level lock (postgresql.transactional.lock=false). */
    public static Flyway load(FluentConfiguration configuration) {
        Flyway flyway = configuration.load();
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return flyway;
    }
}
