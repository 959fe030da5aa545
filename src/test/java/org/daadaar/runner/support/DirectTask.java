package org.daadaar.runner.support;

import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslMode;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.tasks.TaskContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A task context on a plain data source, for running a task without the runner around it: no
 * advisory lock, no audit row. For tests of what the database itself guarantees.
 */
public final class DirectTask {
    private DirectTask() {}

    public static TaskContext context(DatabaseUrl url, boolean dryRun) {
        return context(url, url.host(), dryRun);
    }

    /** As if the database were at {@code host}, for checks that look at the host name. */
    public static TaskContext context(DatabaseUrl url, String host, boolean dryRun) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.jdbcUrl());
        ds.setUser(url.user());
        if (url.password() != null) {
            ds.setPassword(url.password());
        }
        DatabaseUrl shown = new DatabaseUrl(host, url.port(), url.database(), url.user(), null, Map.of());
        ConnectionSettings settings = new ConnectionSettings(
                shown,
                new SslPolicy.Tls(SslMode.PREFER, null),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                "db-runner-test");
        return new TaskContext(ds, settings, dryRun, Duration.ofSeconds(60), Map.of());
    }
}
