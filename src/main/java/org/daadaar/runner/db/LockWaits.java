package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the lock waits of the sessions it is given, so that a statement cancelled by
 * lock_timeout can say what it waited for and who held it. PostgreSQL's own error ("canceling
 * statement due to lock timeout") names neither, and once the statement is cancelled the wait is
 * gone from pg_locks; so the wait has to be seen while it lasts. One connection of its own, polled
 * a few times a second, and only once a session is registered.
 */
public final class LockWaits implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockWaits.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String SQL =
            """
            select l.locktype, l.mode, case when l.relation is not null then l.relation::regclass::text end,
                   b.pid, b.application_name, b.state,
                   extract(epoch from now() - b.xact_start)::bigint
            from pg_locks l
            left join lateral unnest(pg_blocking_pids(l.pid)) as blocker(pid) on true
            left join pg_stat_activity b on b.pid = blocker.pid
            where l.pid = any(?) and not l.granted
            limit 1
            """;

    private final DataSource dataSource;
    private final Set<Integer> pids = ConcurrentHashMap.newKeySet();
    private volatile String lastWait;
    private volatile boolean closed;
    private Thread thread;

    private LockWaits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static LockWaits on(DataSource dataSource) {
        return new LockWaits(dataSource);
    }

    /** Starts watching a session, by its backend pid. */
    public synchronized void watch(int pid) {
        pids.add(pid);
        if (thread == null && !closed) {
            thread = new Thread(this::poll, "lock-waits");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The last lock wait seen, such as "AccessExclusiveLock on relation users, held by pid 42 (psql, idle in transaction for 12 s)". */
    public Optional<String> lastWait() {
        return Optional.ofNullable(lastWait);
    }

    /**
     * Forgets the last wait seen, before a statement is tried again, so that the next failure
     * names the lock that blocked it and not one from an earlier attempt.
     */
    public void forget() {
        lastWait = null;
    }

    private void poll() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(SQL)) {
            c.setAutoCommit(true);
            while (!closed) {
                st.setArray(1, c.createArrayOf("int4", pids.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        lastWait = describe(rs);
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (SQLException e) {
            log.debug("lock-wait watch stopped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(ResultSet rs) throws SQLException {
        String what = rs.getString(3) != null
                ? rs.getString(2) + " on relation " + rs.getString(3)
                : rs.getString(2) + " on a " + rs.getString(1) + " lock";
        if (rs.getObject(4) == null) {
            return what;
        }
        String xact = rs.getObject(7) == null ? "" : ", transaction open " + rs.getLong(7) + " s";
        return what + ", held by pid " + rs.getInt(4) + " (application '" + rs.getString(5) + "', " + rs.getString(6)
                + xact + ")";
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
