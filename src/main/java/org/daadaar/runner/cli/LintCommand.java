package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.migrations.LintTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = {
            "Check the pending migrations against the live database: locks on big tables, rewrites, scans,"
                    + " destructive and non-transactional statements; each finding with its table's size, the lock,"
                    + " how long it would be held and the safe way to write it.",
            "Errors exit 4, warnings alone 0; migrate runs the same check first (--lint).",
            "Silence one rule for one statement with a comment: -- db-runner:allow RULE: reason."
        })
final class LintCommand implements TaskCommand {
    @Mixin
    LocationsOption locations;

    @Mixin
    LintOptions lint;

    @Override
    public Task task() {
        return new LintTask(locations.source(), lint.settings());
    }
}
