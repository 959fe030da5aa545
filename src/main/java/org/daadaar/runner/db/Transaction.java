package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One unit of work on one connection: committed as a whole, or rolled back as a whole. */
public final class Transaction {
    private Transaction() {}

    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work}; commits when {@code commit} is true, else rolls back (a dry run). */
    public static <T> T run(DataSource dataSource, boolean commit, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return run(c, commit, work);
        }
    }

    public static <T> T run(Connection c, boolean commit, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.apply(c);
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            restoreAutoCommit(c);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // A dead connection cannot roll back; the server already did when the session ended.
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The pool discards a broken connection; nothing to restore.
        }
    }
}
