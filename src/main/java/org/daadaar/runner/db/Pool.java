package org.daadaar.runner.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.daadaar.runner.config.ConnectionSettings;

/**
 * A small pool for a one-shot job: a few connections (a task, Flyway's lock connection, the audit
 * row), opened eagerly so that a bad host or password fails at once with its real cause.
 */
public final class Pool implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 4;

    private final HikariDataSource dataSource;

    private Pool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws RuntimeException whose cause chain holds the connection failure; see {@link ConnectionFailures} */
    public static Pool open(ConnectionSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("db-runner");
        config.setJdbcUrl(settings.url().jdbcUrl());
        config.setDataSourceProperties(settings.driverProperties());
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        // A pool that waits longer than the driver's own connect timeout hides the driver's error.
        config.setConnectionTimeout(settings.connectTimeout().toMillis() + 1_000);
        // > 0: try one connection at start and fail with its cause instead of retrying quietly.
        config.setInitializationFailTimeout(1);
        return new Pool(new HikariDataSource(config));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
