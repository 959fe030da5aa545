package org.daadaar.runner.codebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.output.DurationText;

/** Follows a build to its end for `codebuild run --follow` and `codebuild logs --follow`. */
public final class Following {
    /** What a shell reports for Ctrl-C; the JVM, already shutting down, exits with it anyway. */
    private static final int INTERRUPTED = 130;

    private Following() {}

    public static int toEnd(Builds builds, String buildId, Duration interval, FollowOutput context) {
        FollowStop stop = new FollowStop();
        // Ctrl-C ends the JVM; the hook only stops the polling and says that the build goes on.
        Thread hook = new Thread(
                () -> {
                    stop.request();
                    context.note("stopped following; build " + buildId + " goes on in CodeBuild. To stop it: java -jar"
                            + " runner.jar codebuild stop " + buildId);
                },
                "stop-following");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Optional<BuildInfo> end = new BuildFollower(builds, interval, stop, context::relayed).follow(buildId);
            if (end.isEmpty()) {
                return INTERRUPTED;
            }
            BuildInfo build = end.get();
            BuildOutcome.requireSucceeded(build);
            context.line("build " + build.id() + " SUCCEEDED in " + DurationText.words(build.duration(Instant.now())));
            return ExitCode.OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook is running or has run.
            }
        }
    }
}
