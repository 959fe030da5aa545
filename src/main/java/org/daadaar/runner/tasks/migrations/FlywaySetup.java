package org.daadaar.runner.tasks.migrations;

import org.daadaar.runner.tasks.TaskContext;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The one place that configures Flyway, so that migrate, info and validate see the same
 * migrations the same way. Settings a careful operator wants on a live database, and why:
 * <ul>
 *   <li>validateOnMigrate, outOfOrder off: an applied migration that changed, or a new one older
 *       than the newest applied, stops the run instead of being applied around;
 *   <li>cleanDisabled: clean drops every object in the schema; no task exposes it and Flyway
 *       refuses it even if something called it;
 *   <li>a session-level advisory lock instead of Flyway's default transactional one: the
 *       transactional lock keeps a transaction open on Flyway's lock connection for the whole
 *       migration, and CREATE INDEX CONCURRENTLY waits for every open transaction to end, so a
 *       non-transactional migration would wait for its own lock forever (flyway/flyway#3497,
 *       #3492, #3840; Flyway's documented answer is postgresql.transactional.lock=false). The
 *       session lock is taken with pg_try_advisory_lock and retried, so a concurrent run waits
 *       without holding a transaction open either.
 * </ul>
 */
final class FlywaySetup {
    static final String HISTORY_TABLE = "flyway_schema_history";

    private FlywaySetup() {}

    static FluentConfiguration configure(TaskContext context, MigrationSource source) {
        FluentConfiguration config = Flyway.configure(FlywaySetup.class.getClassLoader());
        if (source.drizzle() != null) {
            // The folder itself as Flyway's location (it exists, so failOnMissingLocations holds);
            // the migrations come from the journal, and no class is scanned for Java migrations.
            config.locations("filesystem:" + source.drizzle().dir())
                    .resourceProvider(new DrizzleResources(source.drizzle()))
                    .javaMigrationClassProvider(java.util.List::of);
        } else {
            config.locations(source.locations().toArray(String[]::new));
        }
        return config.dataSource(context.dataSource())
                .table(HISTORY_TABLE)
                .validateOnMigrate(true)
                .outOfOrder(false)
                .cleanDisabled(true)
                .mixed(false)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                // Flyway's log lines go through SLF4J to our appender, masked like ours.
                .loggers("slf4j")
                // Flyway polls its lock once a second; wait as long as any other task waits for its lock.
                .lockRetryCount((int) Math.max(
                        1, Math.min(Integer.MAX_VALUE, context.lockWait().toSeconds())))
                .connectRetries(0);
    }

    static Flyway load(FluentConfiguration configuration, Callback... callbacks) {
        Flyway flyway = configuration.callbacks(callbacks).load();
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return flyway;
    }
}
