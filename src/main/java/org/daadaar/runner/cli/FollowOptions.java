package org.daadaar.runner.cli;

import java.time.Duration;
import org.daadaar.runner.RunnerException;
import picocli.CommandLine.Option;

/** --follow and how often it asks AWS for news. */
final class FollowOptions {
    private static final Duration MIN = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofMinutes(1);

    @Option(
            names = "--follow",
            description =
                    "Stream the build's log and phases until it ends; the exit code is the"
                            + " build's: 0 SUCCEEDED, 1 FAILED, 3 FAULT, TIMED_OUT or STOPPED. Ctrl-C stops following, not the build.")
    boolean follow;

    @Option(
            names = "--poll-interval",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How often to ask for new log events and the build's status (default 5s).")
    Duration pollInterval = Duration.ofSeconds(5);

    /** Checked before any call, as every option is. */
    Duration interval() {
        if (pollInterval.compareTo(MIN) < 0 || pollInterval.compareTo(MAX) > 0) {
            throw RunnerException.badInput(
                    "--poll-interval must be between 10ms and 1m (was " + pollInterval.toMillis() + " ms)");
        }
        return pollInterval;
    }
}
