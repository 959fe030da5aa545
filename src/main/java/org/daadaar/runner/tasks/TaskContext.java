package org.daadaar.runner.tasks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.daadaar.runner.config.ConnectionSettings;

/**
 * What a task may use: the pool, how it was reached, whether this is a dry run, how long to wait
 * for another run of the task (--lock-wait), the environment (for CodeBuild's build id and
 * initiator), and whether a stop (SIGTERM) was asked for, for a task that waits between attempts
 * and must not start another one after it.
 */
public record TaskContext(
        DataSource dataSource,
        ConnectionSettings settings,
        boolean dryRun,
        Duration lockWait,
        Map<String, String> env,
        BooleanSupplier stopRequested) {
    public TaskContext {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(settings, "settings");
        requireNonNull(lockWait, "lockWait");
        requireNonNull(stopRequested, "stopRequested");
        env = Map.copyOf(env);
    }

    /** A context that is never asked to stop, for checks outside a run and for tests. */
    public TaskContext(
            DataSource dataSource,
            ConnectionSettings settings,
            boolean dryRun,
            Duration lockWait,
            Map<String, String> env) {
        this(dataSource, settings, dryRun, lockWait, env, () -> false);
    }

    /** Without the environment, which holds DATABASE_URL and AWS credentials. */
    @Override
    public String toString() {
        return "TaskContext[" + settings.url().masked() + ", dryRun=" + dryRun + "]";
    }
}
