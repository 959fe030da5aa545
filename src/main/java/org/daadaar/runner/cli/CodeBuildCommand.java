package org.daadaar.runner.cli;

import org.daadaar.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** `codebuild`: only a name for its subcommands, each an {@link OperatorCommand}; refused without one. */
@Command(
        name = "codebuild",
        mixinStandardHelpOptions = true,
        subcommands = {
            CodeBuildRunCommand.class,
            CodeBuildLogsCommand.class,
            CodeBuildListCommand.class,
            CodeBuildStopCommand.class
        },
        description = {
            "Run tasks in the VPC through the CodeBuild project, from a laptop: start a build, follow it,"
                    + " list the recent ones. Uses the AWS SDK's default credentials (AWS_PROFILE, aws sso login)."
        })
final class CodeBuildCommand implements RunsAlone {
    @Override
    public CommandGroup group() {
        return CommandGroup.FROM_A_LAPTOP;
    }

    @Override
    public int runAlone(RootCommand root, ParseResult self) {
        if (!self.hasSubcommand()) {
            throw RunnerException.badInput(
                    "codebuild needs a subcommand: run, logs, list or stop (see codebuild --help)");
        }
        // Every subcommand of codebuild is an operator command (see @Command above).
        return root.operate((OperatorCommand) self.subcommand().commandSpec().userObject());
    }
}
