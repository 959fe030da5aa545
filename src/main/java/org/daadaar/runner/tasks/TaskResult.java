package org.daadaar.runner.tasks;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task did. {@code lines} are for people; {@code details} hold the same facts for
 * --output json and the audit row.
 */
public record TaskResult(String task, TaskStatus status, Map<String, Object> details, List<String> lines) {
    public TaskResult {
        requireNonNull(task, "task");
        requireNonNull(status, "status");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        lines = List.copyOf(lines);
    }
}
