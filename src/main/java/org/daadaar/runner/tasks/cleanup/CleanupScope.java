package org.daadaar.runner.tasks.cleanup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Which users one cleanup run may touch: matching a pattern (case-insensitively), created before
 * the cutoff when there is one, and with an id no higher than the highest that matched when the
 * run counted them, so that users created during the run are left for the next one.
 */
record CleanupScope(EmailPatterns patterns, OffsetDateTime cutoff, long maxId) {
    /** The condition on users (alias-free); bind with {@link #bind}. */
    String where() {
        return "lower(email) like any (?) and id <= ?" + (cutoff == null ? "" : " and created_at < ?");
    }

    /** Binds {@link #where()}'s parameters from {@code index}; returns the next free index. */
    int bind(Connection c, PreparedStatement st, int index) throws SQLException {
        Array array = c.createArrayOf("text", patterns.patterns().toArray());
        st.setArray(index++, array);
        st.setLong(index++, maxId);
        if (cutoff != null) {
            st.setObject(index++, cutoff);
        }
        return index;
    }
}
