package org.daadaar.runner.tasks.migrations;

import org.daadaar.runner.db.FlywayDefaults;
import org.daadaar.runner.tasks.TaskContext;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;

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
    static final String HISTORY_TABLE = FlywayDefaults.HISTORY_TABLE;

    private FlywaySetup() {}

    static FluentConfiguration configure(TaskContext context, MigrationSource source) {
        FluentConfiguration config = FlywayDefaults.configure(
                        FlywaySetup.class.getClassLoader(), context.dataSource(), context.lockWait())
                .mixed(false)
                .validateMigrationNaming(true);
        if (source.drizzle() != null) {
            // The folder itself as Flyway's location (it exists, so failOnMissingLocations holds);
            // the migrations come from the journal, and no class is scanned for Java migrations.
            config.locations("filesystem:" + source.drizzle().dir())
                    .resourceProvider(new DrizzleResources(source.drizzle()))
                    .javaMigrationClassProvider(java.util.List::of);
        } else {
            config.locations(source.locations().toArray(String[]::new));
        }
        return config;
    }

    static Flyway load(FluentConfiguration configuration, Callback... callbacks) {
        return FlywayDefaults.load(configuration.callbacks(callbacks));
    }
}
