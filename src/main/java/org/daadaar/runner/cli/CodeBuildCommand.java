package org.daadaar.runner.cli;

import picocli.CommandLine.Command;

/** `codebuild`: only a name for its subcommands; {@link RootCommand} refuses it without one. */
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
final class CodeBuildCommand {}
