package org.daadaar.runner.cli;

import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.lint.LintMode;
import org.daadaar.runner.tasks.migrations.DrizzleTable;
import org.daadaar.runner.tasks.migrations.MigrateTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Apply the pending migrations (Flyway; validates first, never out of order, never clean).",
            "With --dry-run: list the pending migrations and apply nothing.",
            "Concurrent runs are safe: Flyway's advisory lock lets one apply and the others find it done.",
            "Before applying anything it lints the pending migrations (see lint); --lint fail|warn|off."
        })
final class MigrateCommand implements TaskCommand {
    @Mixin
    LocationsOption locations;

    @Option(names = "--target", paramLabel = "V", description = "Migrate up to this version (default: latest).")
    String target;

    @Option(
            names = "--baseline-version",
            paramLabel = "V",
            description = "Adopt a schema that another tool created and that matches version V: record V as applied"
                    + " without running V or older migrations. Ignored once the schema has Flyway history.")
    String baselineVersion;

    @Option(
            names = "--adopt-drizzle",
            description = "Take over a database that drizzle-kit manages: check every migration drizzle applied"
                    + " against its file (sha256), baseline Flyway at the last one, apply the rest. drizzle's table"
                    + " is left as it is. Needs --locations drizzle:DIR or drizzle-import's files.")
    boolean adoptDrizzle;

    @Option(
            names = "--drizzle-table",
            paramLabel = "SCHEMA.TABLE",
            description = "drizzle's history table, for --adopt-drizzle (default " + DrizzleTable.DEFAULT + ").")
    String drizzleTable;

    @Option(
            names = "--lint",
            paramLabel = "fail|warn|off",
            description = "Check the pending migrations first, as the lint task does: fail (default) refuses errors"
                    + " with exit 4 and applies nothing; warn shows them and applies; off skips the check.")
    String lintMode = "fail";

    @Mixin
    LintOptions lint;

    @Override
    public Task task() {
        if (drizzleTable != null && !adoptDrizzle) {
            throw RunnerException.badInput("--drizzle-table only applies with --adopt-drizzle");
        }
        LintMode mode = LintMode.parse(lintMode);
        return MigrateTask.of(
                        locations.source(),
                        target,
                        baselineVersion,
                        adoptDrizzle
                                ? DrizzleTable.parse(drizzleTable == null ? DrizzleTable.DEFAULT : drizzleTable)
                                : null)
                .withLint(mode, lint.settings());
    }
}
