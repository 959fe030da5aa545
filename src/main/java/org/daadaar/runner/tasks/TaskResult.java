package org.daadaar.runner.tasks;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task did. {@code lines} are for people; {@code details} hold the same facts for
 * --output json and the audit row.
 */
public record TaskResult(String task, String status, Map<String, Object> details, List<String> lines) {
    public static final String SUCCEEDED = "succeeded";
    public static final String NOTHING_TO_DO = "nothing-to-do";
    public static final String DRY_RUN = "dry-run";

    public TaskResult {
        requireNonNull(task, "task");
        requireNonNull(status, "status");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        lines = List.copyOf(lines);
    }
}
