package org.daadaar.runner.tasks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a cleanup deletes and what it keeps with the creator set to NULL, per table. The two
 * readings, predicted for a dry run and observed for a batch, have the same shape so that a dry
 * run's report can be compared with the real one.
 */
record CleanupCounts(Map<String, Long> deleted, Map<String, Long> creatorSetNull) {
    static final List<String> DELETED_FROM = List.of("users", "sessions", "reports", "votes", "media");
    static final List<String> SET_NULL_IN = List.of("organizations", "roles", "individuals", "role_occupancy", "media");

    private static final String PREDICT =
            """
            with u as (select id from users where %s),
                 r as (select id from reports where submitted_by_user_id in (select id from u))
            select (select count(*) from u),
                   (select count(*) from sessions where user_id in (select id from u)),
                   (select count(*) from r),
                   (select count(*) from votes where user_id in (select id from u) or report_id in (select id from r)),
                   (select count(*) from media where report_id in (select id from r)),
                   (select count(*) from organizations where created_by_user_id in (select id from u)),
                   (select count(*) from roles where created_by_user_id in (select id from u)),
                   (select count(*) from individuals where created_by_user_id in (select id from u)),
                   (select count(*) from role_occupancy where created_by_user_id in (select id from u)),
                   (select count(*) from media where uploaded_by_user_id in (select id from u)
                                                 and report_id not in (select id from r))
            """;

    /*
     * The rows the foreign keys' ON DELETE rules removed or updated, from pg_stat_xact_user_tables:
     * PostgreSQL's own count of what this backend did, cascades included, without a second pass
     * over the dependants. Since PostgreSQL 15 these counters are not reset at each commit but stay
     * pending until the backend flushes them (at most once a second, between transactions), so a
     * batch reads them before and after its deletes and keeps the difference: no flush can happen
     * inside a transaction.
     */
    private static final String OBSERVE =
            """
            select relname, n_tup_del, n_tup_upd from pg_stat_xact_user_tables
            where schemaname = current_schema() and relname = any (?)
            """;

    static CleanupCounts empty() {
        return new CleanupCounts(zeros(DELETED_FROM), zeros(SET_NULL_IN));
    }

    /** What deleting every user in scope would delete and keep; changes nothing. */
    static CleanupCounts predict(Connection c, CleanupScope scope) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(PREDICT.formatted(scope.where()))) {
            scope.bind(c, st, 1);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Map<String, Long> deleted = new LinkedHashMap<>();
                int column = 1;
                for (String table : DELETED_FROM) {
                    deleted.put(table, rs.getLong(column++));
                }
                Map<String, Long> kept = new LinkedHashMap<>();
                for (String table : SET_NULL_IN) {
                    kept.put(table, rs.getLong(column++));
                }
                return new CleanupCounts(deleted, kept);
            }
        }
    }

    /** The backend's pending counters; see OBSERVE for why only a difference of two readings means anything. */
    static CleanupCounts observe(Connection c) throws SQLException {
        Map<String, Long> deleted = zeros(DELETED_FROM);
        Map<String, Long> kept = zeros(SET_NULL_IN);
        try (PreparedStatement st = c.prepareStatement(OBSERVE)) {
            Array tables = c.createArrayOf(
                    "text",
                    Stream.concat(DELETED_FROM.stream(), SET_NULL_IN.stream()).toArray());
            st.setArray(1, tables);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (deleted.containsKey(table)) {
                        deleted.put(table, rs.getLong(2));
                    }
                    if (kept.containsKey(table)) {
                        kept.put(table, rs.getLong(3));
                    }
                }
            }
        }
        return new CleanupCounts(deleted, kept);
    }

    CleanupCounts plus(CleanupCounts other) {
        return combine(other, 1);
    }

    CleanupCounts minus(CleanupCounts other) {
        return combine(other, -1);
    }

    /** The same counts with the users count replaced by one known exactly. */
    CleanupCounts withUsers(long users) {
        Map<String, Long> exact = new LinkedHashMap<>(deleted);
        exact.put("users", users);
        return new CleanupCounts(exact, creatorSetNull);
    }

    private CleanupCounts combine(CleanupCounts other, long sign) {
        Map<String, Long> deletedSum = new LinkedHashMap<>(deleted);
        other.deleted.forEach((k, v) -> deletedSum.merge(k, sign * v, Long::sum));
        Map<String, Long> keptSum = new LinkedHashMap<>(creatorSetNull);
        other.creatorSetNull.forEach((k, v) -> keptSum.merge(k, sign * v, Long::sum));
        return new CleanupCounts(deletedSum, keptSum);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("deleted", deleted);
        map.put("creator_set_null", creatorSetNull);
        return map;
    }

    private static Map<String, Long> zeros(List<String> tables) {
        Map<String, Long> map = new LinkedHashMap<>();
        tables.forEach(t -> map.put(t, 0L));
        return map;
    }
}
