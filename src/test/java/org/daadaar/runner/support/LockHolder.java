package org.daadaar.runner.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.daadaar.runner.config.DatabaseUrl;

/**
 * Another session that holds a lock, as the application would with a long transaction: it takes
 * the lock with {@code statement} in an open transaction and keeps it until the test releases it,
 * so how long it is held is decided by the test's own events, not by a sleep.
 */
public final class LockHolder implements AutoCloseable {
    private final Connection connection;
    private final int pid;

    private LockHolder(Connection connection, int pid) {
        this.connection = connection;
        this.pid = pid;
    }

    /** @param applicationName how the holder shows in pg_stat_activity, so the runner can name it */
    public static LockHolder hold(DatabaseUrl db, String applicationName, String statement) throws SQLException {
        Connection c = TestDatabase.connect(db);
        try (Statement st = c.createStatement()) {
            st.execute("set application_name = '" + applicationName.replace("'", "''") + "'");
            c.setAutoCommit(false);
            st.execute(statement);
            try (ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                return new LockHolder(c, rs.getInt(1));
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public int pid() {
        return pid;
    }

    /** Ends the transaction, and with it the lock. */
    public void release() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
