package org.daadaar.runner.tasks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.daadaar.runner.config.ConnectionSettings;

/**
 * What a task may use: the pool, how it was reached, whether this is a dry run, how long to wait
 * for another run of the task (--lock-wait), and the environment (for CodeBuild's build id and
 * initiator).
 */
public record TaskContext(
        DataSource dataSource,
        ConnectionSettings settings,
        boolean dryRun,
        Duration lockWait,
        Map<String, String> env) {
    public TaskContext {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(settings, "settings");
        requireNonNull(lockWait, "lockWait");
        env = Map.copyOf(env);
    }

    /** Without the environment, which holds DATABASE_URL and AWS credentials. */
    @Override
    public String toString() {
        return "TaskContext[" + settings.url().masked() + ", dryRun=" + dryRun + "]";
    }
}
