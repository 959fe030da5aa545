package org.daadaar.runner.tasks;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import javax.sql.DataSource;
import org.daadaar.runner.config.ConnectionSettings;

/**
 * What a task may use: the pool, how it was reached, whether this is a dry run, and the
 * environment (for CodeBuild's build id and initiator).
 */
public record TaskContext(DataSource dataSource, ConnectionSettings settings, boolean dryRun, Map<String, String> env) {
    public TaskContext {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(settings, "settings");
        env = Map.copyOf(env);
    }
}
