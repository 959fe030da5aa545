package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.migrations.ValidateTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check that the applied migrations match the given ones; exit 1 naming each difference.")
final class ValidateCommand implements TaskCommand {
    @Mixin
    LocationsOption locations;

    @Override
    public Task task() {
        return new ValidateTask(locations.source());
    }
}
