package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.migrations.InfoTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "List every migration with version, description, type, state and installed-on.")
final class InfoCommand implements TaskCommand {
    @Mixin
    LocationsOption locations;

    @Override
    public Task task() {
        return new InfoTask(locations.source());
    }
}
