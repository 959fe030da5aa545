package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.daadaar.runner.output.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one db_runner.audit row per run of a changing task, whatever its outcome, in a
 * transaction of its own so that a task's rollback never erases the record that it failed. The
 * table is there: the run brought the runner's schema up to date first ({@link RunnerSchema}).
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DataSource dataSource;
    private final Map<String, String> env;
    private final Duration answerLimit;

    /**
     * @param answerLimit how long the insert may wait for an answer: it waits at most for a lock,
     *     so after a failure caused by a stalled network the run does not wait the read limit again
     */
    public AuditLog(DataSource dataSource, Map<String, String> env, Duration answerLimit) {
        this.dataSource = dataSource;
        this.env = Map.copyOf(env);
        this.answerLimit = answerLimit;
    }

    /** One finished run; parameters must hold no secret. */
    public record Entry(
            String task,
            Map<String, Object> parameters,
            boolean dryRun,
            String status,
            Map<String, Object> counts,
            String error,
            Instant startedAt,
            Instant finishedAt) {}

    /** Records the run; a failure to write is logged, not fatal. */
    public void record(Entry entry) {
        try (Connection c = dataSource.getConnection()) {
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, answerLimit.toMillis()));
            c.setAutoCommit(true);
            try (PreparedStatement st = c.prepareStatement(
                    """
                    insert into db_runner.audit
                        (task, parameters, dry_run, status, counts, error, started_at, finished_at, build_id, initiator)
                    values (?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                    """)) {
                st.setString(1, entry.task());
                st.setString(2, Json.write(entry.parameters()));
                st.setBoolean(3, entry.dryRun());
                st.setString(4, entry.status());
                st.setString(5, Json.write(entry.counts()));
                st.setString(6, entry.error());
                st.setTimestamp(7, Timestamp.from(entry.startedAt()));
                st.setTimestamp(8, Timestamp.from(entry.finishedAt()));
                st.setString(9, env.get("CODEBUILD_BUILD_ID"));
                st.setString(10, env.get("CODEBUILD_INITIATOR"));
                st.executeUpdate();
            }
        } catch (SQLException e) {
            // The task's own outcome decides the exit code; a lost audit row must not hide it.
            log.error("{}: could not write the {} row: {}", entry.task(), RunnerSchema.AUDIT_TABLE, e.getMessage());
        }
    }
}
