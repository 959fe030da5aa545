package org.daadaar.runner.cli;

import java.util.List;
import org.daadaar.runner.RunnerException;
import picocli.CommandLine.ParseResult;

/**
 * A command that takes the whole call (doctor, codebuild, iam-policy): it does not chain with
 * tasks, because it does not run over the tasks' pool, or runs on no database at all.
 */
interface RunsAlone extends TopLevelCommand {
    /**
     * @param self this command's part of the parse, with its own subcommand if it has one
     * @return the exit code; failures are thrown as RunnerException
     */
    int runAlone(RootCommand root, ParseResult self);

    /** Refuses a call that names a command that runs alone together with anything else. */
    static void checkAlone(List<ParseResult> commands) {
        if (commands.size() < 2) {
            return;
        }
        for (ParseResult command : commands) {
            if (command.commandSpec().userObject() instanceof RunsAlone) {
                throw RunnerException.badInput(
                        command.commandSpec().name() + " runs alone; run the other tasks in a separate call");
            }
        }
    }
}
