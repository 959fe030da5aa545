package org.daadaar.runner.codebuild;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows one build to its end: its log events as they arrive and its phase changes, by asking
 * BatchGetBuilds and GetLogEvents every interval. Log events are read with the forward token
 * until the token comes back unchanged, which is how CloudWatch Logs says "nothing more yet", so
 * no event is printed twice and none is skipped, even when a page comes back empty mid-stream.
 */
public final class BuildFollower {
    /** CloudWatch Logs receives a build's last lines a little after the build ends. */
    private static final int MAX_TAIL_POLLS = 5;

    private final Builds builds;
    private final Duration interval;
    private final FollowStop stop;
    private final Consumer<String> out;
    private final Set<String> announced = new HashSet<>();
    private String token;

    public BuildFollower(Builds builds, Duration interval, FollowStop stop, Consumer<String> out) {
        this.builds = requireNonNull(builds, "builds");
        this.interval = requireNonNull(interval, "interval");
        this.stop = requireNonNull(stop, "stop");
        this.out = requireNonNull(out, "out");
    }

    /** Prints the build's log so far and its phases, once; for `codebuild logs` without --follow. */
    public BuildInfo printOnce(String buildId) {
        BuildInfo build = builds.get(buildId);
        step(build);
        return build;
    }

    /** Follows until the build is complete; empty when a stop was asked for first. */
    public Optional<BuildInfo> follow(String buildId) {
        while (!stop.isRequested()) {
            BuildInfo build = builds.get(buildId);
            step(build);
            if (build.complete()) {
                for (int i = 0; i < MAX_TAIL_POLLS && !stop.sleep(interval); i++) {
                    if (drain(build) == 0) {
                        break;
                    }
                }
                return Optional.of(build);
            }
            if (stop.sleep(interval)) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Reads the stream to its current end; returns how many lines it printed. */
    private int drain(BuildInfo build) {
        if (!build.hasLogs()) {
            return 0;
        }
        int printed = 0;
        while (!stop.isRequested()) {
            String sent = token;
            LogPage page = builds.logEvents(build.logGroup(), build.logStream(), sent);
            page.lines().forEach(out);
            printed += page.lines().size();
            if (page.nextToken() == null || page.nextToken().equals(sent)) {
                break;
            }
            token = page.nextToken();
        }
        return printed;
    }

    /**
     * Prints the phase changes and the new log lines of one poll. A phase's end comes after the
     * log lines of this poll when it was running at the poll before (its last lines are in them);
     * phases that ended unseen between two polls are summed up before them.
     */
    private int step(BuildInfo build) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        boolean deferred = false;
        for (BuildInfo.Phase phase : build.phases()) {
            if (phase.type().equals("COMPLETED")) {
                continue;
            }
            if (phase.ended()) {
                if (announced.add(phase.type() + " ended")) {
                    deferred |= announced.contains(phase.type() + " started");
                    (deferred ? after : before).add(ended(phase));
                }
            } else if (announced.add(phase.type() + " started")) {
                (deferred ? after : before).add("--- " + phase.type() + " started");
            }
        }
        before.forEach(out);
        int printed = drain(build);
        after.forEach(out);
        return printed;
    }

    private static String ended(BuildInfo.Phase phase) {
        String why = String.join("; ", phase.contexts());
        long seconds = phase.start() == null || phase.end() == null
                ? 0
                : Duration.between(phase.start(), phase.end()).toSeconds();
        return "--- " + phase.type() + " " + phase.status() + " in " + seconds + " s"
                + ("SUCCEEDED".equals(phase.status()) || why.isBlank() ? "" : ": " + why);
    }
}
