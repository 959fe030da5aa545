package org.daadaar.runner.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The pool as the tasks see it, keeping track of the connections they hold, so that a stop
 * (SIGTERM) can end the work in flight: HikariCP has no way to reach a connection that is in use.
 */
final class BorrowedConnections implements DataSource {
    private final HikariDataSource pool;
    /** The tasks' view of each connection in use, to HikariCP's own. */
    private final Map<Connection, Connection> borrowed = new ConcurrentHashMap<>();

    BorrowedConnections(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = pool.getConnection();
        Connection[] tracked = new Connection[1];
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                borrowed.remove(tracked[0]);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        tracked[0] = (Connection) Proxy.newProxyInstance(
                BorrowedConnections.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        borrowed.put(tracked[0], real);
        return tracked[0];
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
        List<Connection> inUse = List.copyOf(borrowed.values());
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
