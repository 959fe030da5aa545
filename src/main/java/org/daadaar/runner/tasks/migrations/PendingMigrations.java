package org.daadaar.runner.tasks.migrations;

import java.util.Arrays;
import java.util.List;
import org.daadaar.runner.tasks.TaskContext;

/** The packaged migrations that the database has not applied yet, as "V2 (add reports index)". */
public final class PendingMigrations {
    private PendingMigrations() {}

    public static List<String> of(TaskContext context) {
        return Arrays.stream(FlywaySetup.load(FlywaySetup.configure(context, MigrationSource.packaged()))
                        .info()
                        .pending())
                .map(m -> "V" + m.getVersion().getVersion() + " (" + m.getDescription() + ")")
                .toList();
    }
}
