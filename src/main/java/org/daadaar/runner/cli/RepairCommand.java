package org.daadaar.runner.cli;

import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.migrations.RepairTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = {
            "Fix Flyway's history: remove the rows of failed migrations (so migrate runs the fixed file again) and"
                    + " realign descriptions with the files; a changed checksum only with --accept-checksum.",
            "With --dry-run: list each change and make none. Rows of migrations without a file are left alone."
        })
final class RepairCommand implements TaskCommand {
    @Mixin
    LocationsOption locations;

    @Option(
            names = "--accept-checksum",
            paramLabel = "VERSION",
            description = "Accept the file of this applied migration as it is now: realign its checksum (the version"
                    + " as info prints it, such as 12 or 1.2; repeatable). Any other changed checksum makes repair"
                    + " refuse (exit 4) and change nothing.")
    List<String> acceptChecksums = new ArrayList<>();

    @Override
    public Task task() {
        return RepairTask.of(locations.source(), acceptChecksums);
    }
}
