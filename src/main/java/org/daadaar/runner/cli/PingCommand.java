package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.PingTask;
import org.daadaar.runner.tasks.Task;
import picocli.CommandLine.Command;

@Command(
        name = "ping",
        mixinStandardHelpOptions = true,
        description = "Connect and print the server version, user, database, and whether TLS is on and verified.")
final class PingCommand implements TaskCommand {
    @Override
    public Task task() {
        return new PingTask();
    }
}
