package org.daadaar.runner.cli;

import java.time.Instant;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.codebuild.BuildFollower;
import org.daadaar.runner.codebuild.BuildInfo;
import org.daadaar.runner.codebuild.Builds;
import org.daadaar.runner.codebuild.FollowStop;
import org.daadaar.runner.codebuild.Following;
import org.daadaar.runner.output.DurationText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print a build's CloudWatch log so far and its phases; with --follow, until it ends.")
final class CodeBuildLogsCommand implements OperatorCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    FollowOptions following = new FollowOptions();

    @Parameters(index = "0", paramLabel = "BUILD_ID", description = "PROJECT:UUID, as codebuild run and list print it.")
    String buildId;

    @Override
    public int run(OperatorContext context) {
        var interval = following.interval();
        try (Builds builds = Builds.connect(context.region(aws.region), context.env())) {
            if (following.follow) {
                return Following.toEnd(builds, buildId, interval, context);
            }
            BuildInfo build =
                    new BuildFollower(builds, interval, new FollowStop(), context::relayed).printOnce(buildId);
            context.line("build " + build.id() + " " + build.status() + " after "
                    + DurationText.words(build.duration(Instant.now()))
                    + (build.inProgress() ? " (in phase " + build.currentPhase() + ")" : ""));
            return ExitCode.OK;
        }
    }
}
