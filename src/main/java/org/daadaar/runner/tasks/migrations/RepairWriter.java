package org.daadaar.runner.tasks.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.db.Transaction;

/**
 * Writes a {@link RepairPlan} to the history table: the deletes and updates that Flyway's repair
 * makes (JdbcTableSchemaHistory: delete by installed_rank; update description, type and checksum
 * by installed_rank), but only the planned ones, in one transaction.
 *
 * <p>Why not Flyway's own repair: it realigns every differing checksum at once, and it deletes the
 * rows of migrations it has no file for; and it takes no lock, so a migrate running at the same
 * time could add a row between a check and the repair. Here the table is locked first (SHARE ROW
 * EXCLUSIVE: Flyway's inserts wait, readers do not, and it waits no longer than lock_timeout),
 * then every planned row is read again and must be as planned; if one is not, nothing is written.
 */
final class RepairWriter {
    private static final String TABLE = FlywaySetup.HISTORY_TABLE;

    private RepairWriter() {}

    static void apply(DataSource dataSource, List<RepairPlan.Change> changes) throws SQLException {
        Transaction.run(dataSource, true, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("lock table " + TABLE + " in share row exclusive mode");
            }
            for (RepairPlan.Change change : changes) {
                checkUnchanged(c, change);
            }
            for (RepairPlan.Change change : changes) {
                write(c, change);
            }
            return null;
        });
    }

    private static void checkUnchanged(Connection c, RepairPlan.Change change) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "select description, type, checksum, success from " + TABLE + " where installed_rank = ?")) {
            st.setInt(1, change.installedRank());
            try (ResultSet rs = st.executeQuery()) {
                boolean same = rs.next()
                        && Objects.equals(rs.getString(1), change.appliedDescription())
                        && Objects.equals(rs.getString(2), change.appliedType())
                        && Objects.equals((Integer) rs.getObject(3), change.appliedChecksum())
                        && rs.getBoolean(4) == change.appliedSuccess();
                if (!same) {
                    throw RunnerException.guardRefused("repair refused, nothing changed: the history row of "
                            + change.what() + " changed while repair was planning (another migrate or repair at the"
                            + " same time?); run repair again, with --dry-run first to see the plan");
                }
            }
        }
    }

    private static void write(Connection c, RepairPlan.Change change) throws SQLException {
        if (change.kind() == RepairPlan.Kind.REMOVE_FAILED) {
            try (PreparedStatement st = c.prepareStatement("delete from " + TABLE + " where installed_rank = ?")) {
                st.setInt(1, change.installedRank());
                st.executeUpdate();
            }
            return;
        }
        try (PreparedStatement st = c.prepareStatement(
                "update " + TABLE + " set description = ?, type = ?, checksum = ? where installed_rank = ?")) {
            st.setString(1, change.fileDescription());
            st.setString(2, change.fileType());
            if (change.fileChecksum() == null) {
                st.setNull(3, java.sql.Types.INTEGER);
            } else {
                st.setInt(3, change.fileChecksum());
            }
            st.setInt(4, change.installedRank());
            st.executeUpdate();
        }
    }
}
