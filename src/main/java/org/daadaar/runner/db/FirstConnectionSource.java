package org.daadaar.runner.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool's source of new connections, whose first connection is opened before the pool exists.
 * HikariCP's own first attempt (initializationFailTimeout) sleeps a full second after a failure
 * before it gives up, so every refused login or bad password cost an extra second; opened here, a
 * failure is thrown at once with its real cause, and a success is handed to the pool as its first
 * connection, so a good start costs nothing extra.
 */
final class FirstConnectionSource implements DataSource {
    private final String jdbcUrl;
    private final Properties properties;
    private final AtomicReference<Connection> first;

    private FirstConnectionSource(String jdbcUrl, Properties properties, Connection first) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.first = new AtomicReference<>(first);
    }

    /** @throws SQLException the driver's own failure: refused, timed out, TLS, login */
    static FirstConnectionSource open(String jdbcUrl, Properties properties) throws SQLException {
        Properties copy = new Properties();
        copy.putAll(properties);
        return new FirstConnectionSource(jdbcUrl, copy, DriverManager.getConnection(jdbcUrl, copy));
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection opened = first.getAndSet(null);
        return opened != null ? opened : DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Closes the first connection if the pool never took it. */
    void discardUnused() {
        Connection opened = first.getAndSet(null);
        if (opened != null) {
            try {
                opened.close();
            } catch (SQLException e) {
                // Never used; nothing to keep.
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the credentials come with the connection settings");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // The driver logs through its own logger, kept quiet by the runner's logging set-up.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The driver properties carry connectTimeout and loginTimeout already.
    }

    /**
     * The driver's own login timeout. HikariCP waits this long for a connection still being added
     * when the pool closes; with 0 it would not wait, and log "Timed-out waiting for add connection
     * executor to shutdown" at the end of a run whose pool was still filling.
     */
    @Override
    public int getLoginTimeout() {
        return Integer.parseInt(properties.getProperty("loginTimeout", "0"));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
