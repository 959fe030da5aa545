package org.daadaar.runner.tasks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes one batch of locked test users and what goes with them, inside the caller's
 * transaction, and counts each row by the statement that changed it.
 *
 * <p>Every dependant is deleted, or has its creator set to NULL, by a statement of its own before
 * the users go, so that the schema's ON DELETE rules find nothing left to do: a row changed by a
 * cascade would be changed without being counted, or counted twice (once set NULL, later deleted).
 * The tables deleted from and the tables set NULL in are disjoint, and nothing the task deletes
 * cascades into a table it sets NULL in, so a row counted as kept in one batch is still there when
 * the run ends, and a row counted as deleted is counted by the one statement that deleted it.
 */
final class CleanupBatch {
    /*
     * FOR UPDATE, not FOR NO KEY UPDATE: a new vote or medium on one of these reports takes FOR KEY
     * SHARE on it for its foreign key, and only FOR UPDATE makes that insert wait until the report is
     * gone. Without it, a vote added between the votes' delete and the reports' delete would go by
     * cascade, uncounted. The users themselves are already locked FOR UPDATE by the caller, which holds
     * back new sessions, votes, uploads and reports of theirs in the same way.
     */
    private static final String LOCK_REPORTS =
            "select id from reports where submitted_by_user_id = any (?) order by id for update";

    /** (table, statement on report ids or user ids); the order matters, see the class comment. */
    private static final List<Step> DELETES = List.of(
            new Step("votes", "delete from votes where report_id = any (?)", true),
            new Step("votes", "delete from votes where user_id = any (?)", false),
            new Step("media", "delete from media where report_id = any (?)", true),
            // A test user's uploads are test data wherever they were attached (a real user's report
            // too): deleted, not kept by the schema's ON DELETE SET NULL.
            new Step("media", "delete from media where uploaded_by_user_id = any (?)", false),
            new Step("sessions", "delete from sessions where user_id = any (?)", false),
            new Step("reports", "delete from reports where id = any (?)", true));

    private CleanupBatch() {}

    private record Step(String table, String sql, boolean onReports) {}

    /** Deletes the users {@code userIds}, which the caller has locked; returns what changed. */
    static CleanupCounts delete(Connection c, List<Long> userIds) throws SQLException {
        Array users = c.createArrayOf("bigint", userIds.toArray());
        Array reports = c.createArrayOf("bigint", lockReports(c, users).toArray());
        Map<String, Long> deleted = CleanupCounts.zeros(CleanupCounts.DELETED_FROM);
        for (Step step : DELETES) {
            deleted.merge(step.table(), update(c, step.sql(), step.onReports() ? reports : users), Long::sum);
        }
        Map<String, Long> kept = CleanupCounts.zeros(CleanupCounts.SET_NULL_IN);
        for (String table : CleanupCounts.SET_NULL_IN) {
            // The table names are the constant list above, never input.
            kept.put(
                    table,
                    update(
                            c,
                            "update " + table + " set created_by_user_id = null where created_by_user_id = any (?)",
                            users));
        }
        deleted.put("users", update(c, "delete from users where id = any (?)", users));
        return new CleanupCounts(deleted, kept);
    }

    private static List<Long> lockReports(Connection c, Array users) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(LOCK_REPORTS)) {
            st.setArray(1, users);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static long update(Connection c, String sql, Array ids) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setArray(1, ids);
            return st.executeLargeUpdate();
        }
    }
}
