package org.daadaar.runner.tasks.cleanup;

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

    /*
     * The order matters, see the class comment. One statement per table: round trips to the server
     * are a good part of a small batch's time.
     */
    private static final List<Step> DELETES = List.of(
            new Step("votes", "delete from votes where report_id = any (?) or user_id = any (?)", true, true),
            // A test user's uploads are test data wherever they were attached (a real user's report
            // too): deleted, not kept by the schema's ON DELETE SET NULL.
            new Step(
                    "media",
                    "delete from media where report_id = any (?) or uploaded_by_user_id = any (?)",
                    true,
                    true),
            new Step("sessions", "delete from sessions where user_id = any (?)", false, true),
            new Step("reports", "delete from reports where id = any (?)", true, false));

    /** A statement whose parameters are the batch's report ids, its user ids, or both in that order. */
    private record Step(String table, String sql, boolean onReports, boolean onUsers) {}

    /*
     * The four tables of CleanupCounts.SET_NULL_IN, in its order, in one statement: each part updates
     * a table of its own and nothing cascades from setting a reference NULL, so the order in which
     * the parts run does not matter. Each ? is the batch's user ids.
     */
    private static final String SET_CREATORS_NULL =
            """
            with organizations_kept as (update organizations set created_by_user_id = null
                                        where created_by_user_id = any (?) returning 1),
                 roles_kept as (update roles set created_by_user_id = null
                                where created_by_user_id = any (?) returning 1),
                 individuals_kept as (update individuals set created_by_user_id = null
                                      where created_by_user_id = any (?) returning 1),
                 role_occupancy_kept as (update role_occupancy set created_by_user_id = null
                                         where created_by_user_id = any (?) returning 1)
            select (select count(*) from organizations_kept), (select count(*) from roles_kept),
                   (select count(*) from individuals_kept), (select count(*) from role_occupancy_kept)
            """;

    private CleanupBatch() {}

    /** Deletes the users {@code userIds}, which the caller has locked; returns what changed. */
    static CleanupCounts delete(Connection c, List<Long> userIds) throws SQLException {
        Array users = c.createArrayOf("bigint", userIds.toArray());
        Array reports = c.createArrayOf("bigint", lockReports(c, users).toArray());
        Map<String, Long> deleted = CleanupCounts.zeros(CleanupCounts.DELETED_FROM);
        for (Step step : DELETES) {
            try (PreparedStatement st = c.prepareStatement(step.sql())) {
                int index = 1;
                if (step.onReports()) {
                    st.setArray(index++, reports);
                }
                if (step.onUsers()) {
                    st.setArray(index, users);
                }
                deleted.put(step.table(), st.executeLargeUpdate());
            }
        }
        Map<String, Long> kept = CleanupCounts.zeros(CleanupCounts.SET_NULL_IN);
        try (PreparedStatement st = c.prepareStatement(SET_CREATORS_NULL)) {
            for (int i = 1; i <= kept.size(); i++) {
                st.setArray(i, users);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                int column = 1;
                for (String table : CleanupCounts.SET_NULL_IN) {
                    kept.put(table, rs.getLong(column++));
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("delete from users where id = any (?)")) {
            st.setArray(1, users);
            deleted.put("users", st.executeLargeUpdate());
        }
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
}
