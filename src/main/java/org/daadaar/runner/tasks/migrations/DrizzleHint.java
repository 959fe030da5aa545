package org.daadaar.runner.tasks.migrations;

import java.sql.SQLException;
import java.util.Optional;
import org.daadaar.runner.RunnerException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * info's line for a database that drizzle-kit manages and the runner has not adopted: without it,
 * info would list every migration as pending, and a plain migrate would refuse the schema.
 */
final class DrizzleHint {
    private DrizzleHint() {}

    /** The line, or empty when Flyway has history or drizzle's default table is absent. */
    static Optional<String> of(
            Flyway flyway, MigrationInfoService info, MigrationSource source, javax.sql.DataSource ds)
            throws SQLException {
        if (info.applied().length > 0 || DrizzleAdoption.flywayHistory(ds).exists()) {
            return Optional.empty();
        }
        DrizzleTable table = DrizzleTable.parse(DrizzleTable.DEFAULT);
        DrizzleAdoption adoption = new DrizzleAdoption(ds, table);
        if (!adoption.drizzleManaged()) {
            return Optional.empty();
        }
        String start = "info: drizzle-kit manages this database (" + table + ") and Flyway has no history yet; ";
        if (!source.onDisk()) {
            return Optional.of(start + "migrate --adopt-drizzle --locations drizzle:DIR would check and adopt it");
        }
        try {
            return Optional.of(start + "migrate --adopt-drizzle would adopt it: "
                    + adoption.plan(flyway, source.drizzle()).summary());
        } catch (RunnerException e) {
            return Optional.of(start + "migrate --adopt-drizzle would refuse: " + e.getMessage());
        }
    }
}
