package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.daadaar.runner.Causes;
import org.daadaar.runner.RunnerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level PostgreSQL advisory lock named after a task, so two runs of one task never
 * overlap. Held on a connection of its own for the whole task; released on close, or by the
 * server when the connection dies, so a crashed run never leaves it behind.
 */
public final class AdvisoryLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String NAMESPACE = "db-runner";

    private final Connection connection;
    private final String name;
    private final Duration unlockLimit;

    private AdvisoryLock(Connection connection, String name, Duration unlockLimit) {
        this.connection = connection;
        this.name = name;
        this.unlockLimit = unlockLimit;
    }

    /**
     * Waits up to {@code wait} for the lock, then refuses with exit 4 naming the holder.
     *
     * @param unlockLimit how long the unlock may wait for its answer: it waits on nothing, so a
     *     silent server means a stalled network, and the run must not wait the read limit again
     */
    public static AdvisoryLock acquire(DataSource dataSource, String name, Duration wait, Duration unlockLimit)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            boolean announced = false;
            while (!tryLock(connection, name)) {
                if (System.nanoTime() >= deadline) {
                    throw RunnerException.guardRefused("another run of " + name + " holds its lock ("
                            + holder(connection, name) + "); waited " + wait.toSeconds() + " s (--lock-wait): let it"
                            + " finish, or stop it, then run again");
                }
                if (!announced) {
                    log.info(
                            "{}: another run holds the lock ({}); waiting up to {} s",
                            name,
                            holder(connection, name),
                            wait.toSeconds());
                    announced = true;
                }
                sleep();
            }
            return new AdvisoryLock(connection, name, unlockLimit);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static boolean tryLock(Connection connection, String name) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("select pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
            st.setString(1, NAMESPACE);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String holder(Connection connection, String name) throws SQLException {
        // The runner's lock connection runs nothing while it holds the lock, so the time it has been
        // idle is the time it has held it; a holder that is busy is only known to be connected.
        String sql =
                """
                select l.pid, a.application_name, a.state = 'idle',
                       extract(epoch from now() - coalesce(case when a.state = 'idle' then a.state_change end,
                                                            a.backend_start, now()))::bigint
                from pg_locks l left join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and l.objsubid = 2
                  and l.classid = hashtext(?)::oid and l.objid = hashtext(?)::oid
                limit 1
                """;
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, NAMESPACE);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "holder not visible";
                }
                return "held by pid " + rs.getInt(1) + " (" + rs.getString(2) + ") "
                        + (rs.getBoolean(3) ? "for " + rs.getLong(4) + " s" : "connected " + rs.getLong(4) + " s ago");
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RunnerException.environment("interrupted while waiting for the lock", e);
        }
    }

    /**
     * The session that holds the lock, for work that must run under it without a second
     * connection (on a new database the pool has only this one: another would mean another
     * handshake and login). Its transactions do not release the lock, which is the session's.
     */
    Connection connection() {
        return connection;
    }

    /**
     * Releases the lock. A failure to release is logged, not thrown: it comes after the task's own
     * work committed, which must not then be reported as failed and rolled back; and closing the
     * session, which happens either way, releases a session-level advisory lock too.
     */
    @Override
    public void close() {
        try (connection) {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, unlockLimit.toMillis()));
            try (PreparedStatement st =
                    connection.prepareStatement("select pg_advisory_unlock(hashtext(?), hashtext(?))")) {
                st.setString(1, NAMESPACE);
                st.setString(2, name);
                st.execute();
            }
        } catch (SQLException e) {
            log.warn(
                    "could not release the lock of {} ({}); closing its session releases it",
                    name,
                    Causes.firstLine(e.getMessage()));
        }
    }
}
