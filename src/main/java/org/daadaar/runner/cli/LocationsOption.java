package org.daadaar.runner.cli;

import java.util.List;
import org.daadaar.runner.tasks.migrations.MigrationSource;
import picocli.CommandLine.Option;

/** --locations, shared by migrate, info and validate so that all three look at the same migrations. */
final class LocationsOption {
    @Option(
            names = "--locations",
            paramLabel = "LOCATION",
            split = ",",
            description =
                    "Migrations to use instead of the packaged ones, e.g. filesystem:db/migration"
                            + " (comma-separated or repeated), or drizzle:DIR, a drizzle-kit folder (meta/_journal.json), alone.")
    List<String> locations;

    MigrationSource source() {
        return new MigrationSource(locations);
    }
}
