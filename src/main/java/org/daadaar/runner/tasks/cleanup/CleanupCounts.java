package org.daadaar.runner.tasks.cleanup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cleanup deletes and what it keeps with the creator set to NULL, per table: each row in
 * the one state the run leaves it in. The two readings, predicted for a dry run and counted by
 * {@link CleanupBatch} for a real one, have the same shape so that a dry run's report can be
 * compared with the real one.
 */
record CleanupCounts(Map<String, Long> deleted, Map<String, Long> creatorSetNull) {
    static final List<String> DELETED_FROM = List.of("users", "sessions", "reports", "votes", "media");
    /** Disjoint from DELETED_FROM, and no table in DELETED_FROM cascades into these: a kept row stays kept. */
    static final List<String> SET_NULL_IN = List.of("organizations", "roles", "individuals", "role_occupancy");

    private static final String PREDICT =
            """
            with u as (select id from users where %s),
                 r as (select id from reports where submitted_by_user_id in (select id from u))
            select (select count(*) from u),
                   (select count(*) from sessions where user_id in (select id from u)),
                   (select count(*) from r),
                   (select count(*) from votes where user_id in (select id from u) or report_id in (select id from r)),
                   (select count(*) from media where uploaded_by_user_id in (select id from u)
                                                 or report_id in (select id from r)),
                   (select count(*) from organizations where created_by_user_id in (select id from u)),
                   (select count(*) from roles where created_by_user_id in (select id from u)),
                   (select count(*) from individuals where created_by_user_id in (select id from u)),
                   (select count(*) from role_occupancy where created_by_user_id in (select id from u))
            """;

    CleanupCounts {
        deleted = Collections.unmodifiableMap(new LinkedHashMap<>(deleted));
        creatorSetNull = Collections.unmodifiableMap(new LinkedHashMap<>(creatorSetNull));
    }

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

    CleanupCounts plus(CleanupCounts other) {
        Map<String, Long> deletedSum = new LinkedHashMap<>(deleted);
        other.deleted.forEach((k, v) -> deletedSum.merge(k, v, Long::sum));
        Map<String, Long> keptSum = new LinkedHashMap<>(creatorSetNull);
        other.creatorSetNull.forEach((k, v) -> keptSum.merge(k, v, Long::sum));
        return new CleanupCounts(deletedSum, keptSum);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("deleted", deleted);
        map.put("creator_set_null", creatorSetNull);
        return map;
    }

    static Map<String, Long> zeros(List<String> tables) {
        Map<String, Long> map = new LinkedHashMap<>();
        tables.forEach(t -> map.put(t, 0L));
        return map;
    }
}
