package org.daadaar.runner.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The pool as the tasks see it, keeping track of the connections they hold, so that a stop
 * (SIGTERM) can end the work in flight: HikariCP has no way to reach a connection that is in use.
 *
 * <p>Each borrow is HikariCP's own connection object, which reports itself closed once the task
 * gives it back (HikariCP makes a new one for the next borrow): the connections in use are the
 * ones handed out and not closed. They are held weakly, so the ones given back go with the
 * garbage; no wrapper of our own stands between a task and the driver.
 */
final class BorrowedConnections implements DataSource {
    private final HikariDataSource pool;
    private final Set<Connection> handedOut =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    BorrowedConnections(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        handedOut.add(connection);
        return connection;
    }

    private List<Connection> inUse() {
        List<Connection> open = new ArrayList<>();
        synchronized (handedOut) {
            for (Connection c : handedOut) {
                try {
                    if (!c.isClosed()) {
                        open.add(c);
                    }
                } catch (SQLException e) {
                    // HikariCP's isClosed does not throw; a connection that did is no longer in use.
                }
            }
        }
        return open;
    }

    /**
     * Cancels the statement running on every connection in use, then closes their sockets: the
     * cancel makes the server stop a statement at once (even one waiting for a lock, which would
     * not notice a closed socket until the lock came free), and the closed socket makes it roll
     * the transaction back and end the session, whatever the task thread does next.
     *
     * @return how many connections were in use
     */
    int interrupt() {
        List<Connection> inUse = inUse();
        for (Connection c : inUse) {
            try {
                c.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException | RuntimeException e) {
                // Already closed or broken: the server has ended that session already.
            }
        }
        for (Connection c : inUse) {
            try {
                c.unwrap(Connection.class).abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // As above.
            }
            // The socket was closed under HikariCP, which would otherwise take the connection back
            // as healthy and hand it out again at once (it checks only connections idle for half a
            // second): the audit row of the interrupted run would go to a dead session.
            pool.evictConnection(c);
        }
        return inUse.size();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the credentials come with the connection settings");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
