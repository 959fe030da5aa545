package org.daadaar.runner.cli;

import org.daadaar.runner.ExitCode;
import org.daadaar.runner.codebuild.Builds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description =
                "Ask CodeBuild to stop a build; a task in it is cut off, and what it had not committed is rolled back.")
final class CodeBuildStopCommand implements OperatorCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Parameters(index = "0", paramLabel = "BUILD_ID", description = "PROJECT:UUID, as codebuild run and list print it.")
    String buildId;

    @Override
    public int run(OperatorContext context) {
        try (Builds builds = Builds.connect(context.region(aws.region), context.env())) {
            builds.stop(buildId);
            context.line(
                    "asked CodeBuild to stop build " + buildId + "; it ends as STOPPED once its container is gone");
            return ExitCode.OK;
        }
    }
}
