package org.daadaar.runner.codebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the runner needs to know of one build, without the SDK's types, so that the command line
 * can hold it without loading the SDK.
 *
 * @param task the TASK override (or what RUN_MIGRATIONS / RUN_SEED stand for), "" when unknown
 * @param logGroup null until CodeBuild has created the build's log stream
 */
public record BuildInfo(
        String id,
        String arn,
        String project,
        String status,
        boolean complete,
        String currentPhase,
        List<Phase> phases,
        String logGroup,
        String logStream,
        String task,
        String initiator,
        Instant start,
        Instant end) {

    public static final String IN_PROGRESS = "IN_PROGRESS";

    /** One phase as CodeBuild reports it; status is null while the phase runs. */
    public record Phase(String type, String status, Instant start, Instant end, List<String> contexts) {
        public boolean ended() {
            return status != null;
        }
    }

    public BuildInfo {
        phases = List.copyOf(phases);
    }

    public boolean inProgress() {
        return IN_PROGRESS.equals(status);
    }

    public boolean hasLogs() {
        return logGroup != null && logStream != null;
    }

    /** How long it ran, or has been running until now. */
    public Duration duration(Instant now) {
        if (start == null) {
            return Duration.ZERO;
        }
        return Duration.between(start, end != null ? end : now);
    }

    /** The phase that did not succeed, with CodeBuild's reason, for the closing line. */
    public String failedPhase() {
        for (Phase phase : phases) {
            if (phase.ended() && !"SUCCEEDED".equals(phase.status())) {
                String why = String.join("; ", phase.contexts());
                return phase.type() + " " + phase.status() + (why.isBlank() ? "" : ": " + why);
            }
        }
        return currentPhase == null ? "no phase reported" : "in phase " + currentPhase;
    }
}
