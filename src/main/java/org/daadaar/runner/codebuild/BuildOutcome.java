package org.daadaar.runner.codebuild;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.output.DurationText;

/** The closing line of a followed build, its exit code, and where to see it in the console. */
public final class BuildOutcome {
    private BuildOutcome() {}

    /**
     * Returns for SUCCEEDED; else throws the failure that carries 1 for FAILED (the task failed or
     * refused) and 3 for FAULT, TIMED_OUT and STOPPED (CodeBuild or the environment ended it).
     */
    public static void requireSucceeded(BuildInfo build) {
        if ("SUCCEEDED".equals(build.status())) {
            return;
        }
        String took = " after " + DurationText.words(build.duration(Instant.now()));
        throw switch (build.status()) {
            case "FAILED" -> RunnerException.taskFailed(
                    "build " + build.id() + " FAILED" + took + ": " + build.failedPhase()
                            + " (the task's own error is in the log above)",
                    null);
            case "STOPPED" -> RunnerException.environment(
                    "build " + build.id() + " was STOPPED" + took + " (by someone, or by CodeBuild): "
                            + build.failedPhase(),
                    null);
            default -> RunnerException.environment(
                    "build " + build.id() + " ended " + build.status() + took
                            + ": " + build.failedPhase() + "; check the project's timeout, its VPC subnets and security"
                            + " group, and the build role's policy (iam-policy)",
                    null);
        };
    }

    /** The build's page in the AWS console, from its ARN (arn:PARTITION:codebuild:REGION:ACCOUNT:build/ID). */
    public static String consoleLink(BuildInfo build) {
        String[] arn = build.arn() == null ? new String[0] : build.arn().split(":", 6);
        if (arn.length < 6) {
            return "(no console link: CodeBuild returned no ARN)";
        }
        String host =
                switch (arn[1]) {
                    case "aws-cn" -> "console.amazonaws.cn";
                    case "aws-us-gov" -> "console.amazonaws-us-gov.com";
                    default -> "console.aws.amazon.com";
                };
        String region = arn[3];
        return "https://" + region + "." + host + "/codesuite/codebuild/" + arn[4] + "/projects/"
                + encode(build.project()) + "/build/" + encode(build.id()) + "/?region=" + region;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
