package org.daadaar.runner.tasks.cleanup;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.db.Transaction;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes test users and what belongs to them, in batches by primary key, each batch one
 * transaction: a failure loses at most the batch in flight, which rolls back whole, and a rerun
 * picks up the rest. What goes with a user and what stays (creator set NULL) follows the schema's
 * ON DELETE rules, except that a test user's uploads go too, wherever they were attached; each
 * batch changes those rows with statements of its own (see {@link CleanupBatch}) so that each is
 * counted once, in the state the run leaves it in.
 */
public final class CleanupTestUsersTask implements Task {
    public static final int DEFAULT_MAX_USERS = 1000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int MAX_BATCH_SIZE = 10_000;

    private static final Logger log = LoggerFactory.getLogger(CleanupTestUsersTask.class);

    private final EmailPatterns patterns;
    private final Duration olderThan;
    private final int maxUsers;
    private final int batchSize;
    private volatile Map<String, Object> progress = Map.of();

    private CleanupTestUsersTask(EmailPatterns patterns, Duration olderThan, int maxUsers, int batchSize) {
        this.patterns = requireNonNull(patterns, "patterns");
        this.olderThan = olderThan;
        this.maxUsers = maxUsers;
        this.batchSize = batchSize;
    }

    /** @param olderThan null for any age; maxUsers and batchSize are checked by the caller */
    public static CleanupTestUsersTask of(EmailPatterns patterns, Duration olderThan, int maxUsers, int batchSize) {
        if (maxUsers < 0 || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("maxUsers " + maxUsers + ", batchSize " + batchSize);
        }
        return new CleanupTestUsersTask(patterns, olderThan, maxUsers, batchSize);
    }

    @Override
    public String name() {
        return "cleanup-test-users";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("email_patterns", patterns.patterns());
        p.put("patterns_from", patterns.source());
        p.put("older_than", olderThan == null ? null : olderThan.toString());
        p.put("max_users", maxUsers);
        p.put("batch_size", batchSize);
        return p;
    }

    @Override
    public Map<String, Object> progress() {
        return progress;
    }

    @Override
    public TaskResult run(TaskContext context) throws Exception {
        try (Connection c = context.dataSource().getConnection()) {
            CleanupScope scope = scope(c);
            long matching = count(c, scope);
            progress = Map.of("matched", matching);
            if (matching > maxUsers) {
                throw RunnerException.guardRefused(name() + ": " + matching + " users match " + describePatterns()
                        + ", more than --max-users " + maxUsers + "; nothing was deleted. Check the patterns, or raise"
                        + " --max-users if that many is right");
            }
            if (context.dryRun()) {
                CleanupCounts predicted = CleanupCounts.predict(c, scope);
                return result(TaskStatus.DRY_RUN, matching, predicted, null);
            }
            if (matching == 0) {
                return result(TaskStatus.NOTHING_TO_DO, 0, CleanupCounts.empty(), null);
            }
            return deleteInBatches(c, scope, matching);
        }
    }

    private CleanupScope scope(Connection c) throws SQLException {
        OffsetDateTime cutoff = null;
        if (olderThan != null) {
            // The database's clock, not the runner's: created_at was written by it.
            try (PreparedStatement st = c.prepareStatement("select now() - make_interval(secs => ?)")) {
                st.setDouble(1, olderThan.toMillis() / 1000.0);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    cutoff = rs.getObject(1, OffsetDateTime.class);
                }
            }
        }
        long maxId;
        try (PreparedStatement st = c.prepareStatement("select coalesce(max(id), 0) from users")) {
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                maxId = rs.getLong(1);
            }
        }
        return new CleanupScope(patterns, cutoff, maxId);
    }

    private static long count(Connection c, CleanupScope scope) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select count(*) from users where " + scope.where())) {
            scope.bind(c, st, 1);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private TaskResult deleteInBatches(Connection c, CleanupScope scope, long matching) throws SQLException {
        // FOR UPDATE: a user whose email changes while we look is re-checked against the patterns
        // before it is locked, and a locked user cannot change before it is deleted.
        String select = "select id from users where id > ? and " + scope.where() + " order by id limit ? for update";
        BatchProgress tally = new BatchProgress(matching, System.nanoTime());
        CleanupCounts total = CleanupCounts.empty();
        long lastId = 0;
        while (tally.done() < maxUsers) {
            long batchStart = System.nanoTime();
            long after = lastId;
            int limit = (int) Math.min(batchSize, maxUsers - tally.done());
            Batch batch = Transaction.run(c, true, tx -> deleteBatch(tx, select, scope, after, limit));
            if (batch.ids().isEmpty()) {
                break;
            }
            lastId = batch.ids().get(batch.ids().size() - 1);
            total = total.plus(batch.counts());
            long now = System.nanoTime();
            tally.batchDone(batch.ids().size(), batchStart, now);
            progress = progressMap(matching, total, tally, now);
            log.info(
                    "{}: {}, batch {} in {} ms",
                    name(),
                    tally.line("users", now),
                    tally.batches(),
                    (now - batchStart) / 1_000_000);
        }
        long now = System.nanoTime();
        return result(TaskStatus.SUCCEEDED, matching, total, progressMap(matching, total, tally, now));
    }

    private record Batch(List<Long> ids, CleanupCounts counts) {}

    private static Batch deleteBatch(Connection c, String select, CleanupScope scope, long after, int limit)
            throws SQLException {
        List<Long> ids = new ArrayList<>(limit);
        try (PreparedStatement st = c.prepareStatement(select)) {
            st.setLong(1, after);
            int next = scope.bind(c, st, 2);
            st.setInt(next, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return new Batch(ids, CleanupCounts.empty());
        }
        return new Batch(ids, CleanupBatch.delete(c, ids));
    }

    private static Map<String, Object> progressMap(long matching, CleanupCounts total, BatchProgress tally, long now) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("matched", matching);
        map.putAll(total.asMap());
        map.put("batches", tally.batches());
        map.put("users_per_second", tally.perSecond(now));
        map.put("longest_batch_ms", tally.longestBatchMillis());
        return map;
    }

    private TaskResult result(TaskStatus status, long matching, CleanupCounts counts, Map<String, Object> run) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("matched", matching);
        details.putAll(counts.asMap());
        if (run != null) {
            details.putAll(run);
        }
        boolean dryRun = status == TaskStatus.DRY_RUN;
        String prefix = Wording.prefix(name(), dryRun);
        List<String> lines = new ArrayList<>();
        if (matching == 0) {
            lines.add(prefix + "no user matches " + describePatterns() + ", nothing to delete");
        } else {
            lines.add(prefix + Wording.did(dryRun, "deleted", "delete") + " " + join(counts.deleted()) + " ("
                    + Wording.count(matching, "user") + " matched " + describePatterns() + ")");
            lines.add(prefix + Wording.did(dryRun, "kept", "keep") + " with the creator set to NULL: "
                    + join(counts.creatorSetNull()));
        }
        return new TaskResult(name(), status, details, lines);
    }

    private String describePatterns() {
        return String.join(", ", patterns.patterns())
                + (olderThan == null
                        ? ""
                        : " created more than "
                                + olderThan.toString().substring(2).toLowerCase(Locale.ROOT) + " ago");
    }

    private static String join(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
