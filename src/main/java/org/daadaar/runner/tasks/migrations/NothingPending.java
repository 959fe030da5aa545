package org.daadaar.runner.tasks.migrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.daadaar.runner.db.FlywayHistory;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.util.AbbreviationUtils;

/**
 * Whether a migrate has nothing to apply, told from one read of Flyway's history without starting
 * Flyway: the most common run of all (a deploy without a new migration), where Flyway's set-up,
 * database detection, resolver, validation and lock cost more than the rest of the run
 * (bench/README.md).
 *
 * <p>The answer is yes only when the history records exactly the local migrations (LocalMigrations:
 * plain versioned SQL files) as applied, each with the description and checksum Flyway would
 * validate, and nothing else but Flyway's schema marker and at most one baseline before them: then
 * Flyway's validation passes and its migrate finds nothing pending. Anything else, a pending file,
 * a changed checksum, a failed or missing migration, a row of another type, is left to Flyway, which
 * applies, refuses or reports it as ever. No lock is needed to read: a concurrent run's migration
 * is in the history only once committed, and until then this read finds it pending and hands the
 * run to Flyway, which waits for that run's lock. (An older build, whose files are all applied,
 * answers at once while a newer one applies its new migration; Flyway would have waited for the
 * newer one and then found nothing for the older one to do either.)
 */
final class NothingPending {
    /** The oldest PostgreSQL that Flyway's community edition migrates; before it, Flyway's refusal. */
    private static final int FLYWAY_MIN_MAJOR = 10;

    private NothingPending() {}

    /** One row of Flyway's history. */
    record Applied(String version, String description, String type, Integer checksum, boolean success) {}

    /**
     * The current schema version when nothing is pending, for a database with Flyway's history in
     * its current schema; null when Flyway must look.
     */
    static String currentVersion(DataSource dataSource, MigrationSource source) throws SQLException {
        List<LocalMigrations.Migration> local = LocalMigrations.of(source);
        if (local == null || local.isEmpty()) {
            return null;
        }
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            String schema;
            try (ResultSet rs = st.executeQuery(
                    "select quote_ident(current_schema()), current_setting('server_version_num')::int / 10000")) {
                rs.next();
                schema = rs.getString(1);
                if (rs.getInt(2) < FLYWAY_MIN_MAJOR) {
                    return null;
                }
            }
            List<Applied> history = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select version, description, type, checksum, success from "
                    + FlywayHistory.table(schema) + " order by installed_rank")) {
                while (rs.next()) {
                    history.add(new Applied(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            (Integer) rs.getObject(4),
                            rs.getBoolean(5)));
                }
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                    return null; // a table not of Flyway's shape, or not readable: Flyway says what it makes of it
                }
                throw e;
            }
            return currentVersion(local, history);
        }
    }

    /**
     * The current version (the newest applied, or the baseline) when the history, in installed
     * order, is exactly the local migrations applied; else null.
     */
    static String currentVersion(List<LocalMigrations.Migration> local, List<Applied> history) {
        Map<MigrationVersion, Applied> applied = new HashMap<>();
        MigrationVersion baseline = null;
        for (Applied row : history) {
            if (!row.success() || row.type() == null || row.description() == null) {
                return null;
            }
            if (row.type().equals("SCHEMA") && row.version() == null) {
                continue; // Flyway's marker that it created the schema
            }
            if (row.version() == null) {
                return null; // a repeatable migration
            }
            MigrationVersion version;
            try {
                version = MigrationVersion.fromVersion(row.version());
            } catch (RuntimeException e) {
                return null;
            }
            if (row.type().equals("BASELINE") && baseline == null && applied.isEmpty()) {
                baseline = version;
                continue;
            }
            if (!row.type().equals("SQL") || row.checksum() == null || applied.put(version, row) != null) {
                return null;
            }
        }
        // The version Flyway reports: the newest applied row's, as the history spells it.
        MigrationVersion current = baseline;
        for (LocalMigrations.Migration migration : local) {
            if (baseline != null && migration.version().compareTo(baseline) <= 0) {
                continue; // at or below the baseline: Flyway neither runs nor validates it
            }
            Applied row = applied.remove(migration.version());
            if (row == null
                    || row.checksum() != migration.checksum()
                    || !row.description().equals(AbbreviationUtils.abbreviateDescription(migration.description()))) {
                return null;
            }
            MigrationVersion version = MigrationVersion.fromVersion(row.version());
            if (current == null || version.compareTo(current) > 0) {
                current = version;
            }
        }
        // Rows left over have no file here: Flyway refuses those between files and passes newer ones
        // with a warning; either way it is Flyway's to say.
        return applied.isEmpty() && current != null ? current.getVersion() : null;
    }
}
