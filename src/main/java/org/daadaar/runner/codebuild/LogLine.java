package org.daadaar.runner.codebuild;

import java.time.Instant;

/** One CloudWatch Logs event of a build. */
public record LogLine(Instant time, String message) {}
