package org.daadaar.runner.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.daadaar.runner.config.ConnectionSettings;

/**
 * A small pool for a one-shot job: a few connections (a task, Flyway's lock connection, the audit
 * row), the first opened before the pool so that a bad host or password fails at once with its
 * real cause.
 */
public final class Pool implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 4;

    private final HikariDataSource hikari;
    private final BorrowedConnections borrowed;

    private Pool(HikariDataSource hikari) {
        this.hikari = hikari;
        this.borrowed = new BorrowedConnections(hikari);
    }

    /** @throws RuntimeException whose cause chain holds the connection failure; see {@link ConnectionFailures} */
    public static Pool open(ConnectionSettings settings) {
        FirstConnectionSource source;
        try {
            source = FirstConnectionSource.open(settings.url().jdbcUrl(), settings.driverProperties());
        } catch (SQLException e) {
            throw new IllegalStateException("could not open a connection", e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("db-runner");
        config.setDataSource(source);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        // A pool that waits less than the driver's own login timeout hides the driver's error.
        config.setConnectionTimeout(settings.loginTimeout().toMillis() + 1_000);
        // Checking a connection that went silent must not take longer than opening one.
        config.setValidationTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        // > 0: the pool takes its first connection at start; it is the one opened above, so this
        // never reaches HikariCP's one-second sleep after a failed attempt.
        config.setInitializationFailTimeout(1);
        try {
            return new Pool(new HikariDataSource(config));
        } catch (RuntimeException e) {
            source.discardUnused();
            throw e;
        }
    }

    public DataSource dataSource() {
        return borrowed;
    }

    /**
     * Ends the work in flight: cancels the statements running on the connections in use and closes
     * them, so that the server rolls their transactions back. The pool stays open for what the
     * runner still has to write, such as the audit row.
     *
     * @return how many connections were in use
     */
    public int interruptInFlight() {
        return borrowed.interrupt();
    }

    @Override
    public void close() {
        hikari.close();
    }
}
