package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.daadaar.runner.RunnerException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Works out what drizzle-kit has applied to a database, the way drizzle's migrator decides it
 * (pg-core/dialect.ts migrate: an entry is applied when its journal "when" is not newer than the
 * newest created_at in drizzle's table), and checks each applied file against the hash drizzle
 * stored for it. Reads only; the plan says where Flyway's history would start.
 */
final class DrizzleAdoption {
    /** The start of the baseline row's description, which also marks a database already adopted. */
    static final String BASELINE_PREFIX = "adopted from drizzle at ";

    private final DataSource dataSource;
    private final DrizzleTable table;

    DrizzleAdoption(DataSource dataSource, DrizzleTable table) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.table = requireNonNull(table, "table");
    }

    /** One migration as Flyway sees it, with drizzle's hash of its file and, from a journal, its "when". */
    record Migration(int version, String description, String script, String hash, Long when) {}

    record Row(long id, String hash, Long createdAt) {}

    /**
     * @param baseline the last migration drizzle applied, or null when it applied none
     * @param adoptedAt the baseline description when an earlier run already adopted the database
     */
    record Plan(DrizzleTable table, int drizzleRows, Migration baseline, List<Migration> pending, String adoptedAt) {
        boolean alreadyAdopted() {
            return adoptedAt != null;
        }

        String baselineDescription() {
            return BASELINE_PREFIX + baseline.script();
        }

        Map<String, Object> details() {
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("drizzle_table", table.toString());
            d.put("drizzle_rows", drizzleRows);
            if (adoptedAt != null) {
                d.put("already_adopted", adoptedAt);
            } else {
                d.put("baseline_version", baseline == null ? null : String.valueOf(baseline.version()));
                d.put("baseline_script", baseline == null ? null : baseline.script());
                d.put("pending_after_baseline", pending.size());
            }
            return d;
        }

        String summary() {
            if (adoptedAt != null) {
                return "drizzle's history was adopted before (" + adoptedAt + "); nothing to adopt";
            }
            if (baseline == null) {
                return table + " records no applied migration; nothing to baseline, all " + pending.size()
                        + " would be applied";
            }
            return table + " records " + drizzleRows + " applied migration" + (drizzleRows == 1 ? "" : "s")
                    + ": baseline Flyway at V" + baseline.version() + " (" + baseline.script() + "), then apply "
                    + pending.size() + " pending";
        }
    }

    /** Whether drizzle's table exists: info's hint that the database is drizzle's. */
    boolean drizzleManaged() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select to_regclass(?) is not null")) {
            st.setString(1, table.quoted());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Whether the application's schema has Flyway's history, and the description of a drizzle baseline in it. */
    static FlywayHistory flywayHistory(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select to_regclass(quote_ident(current_schema()) || '."
                        + FlywaySetup.HISTORY_TABLE + "') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return new FlywayHistory(false, null);
            }
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select description from " + FlywaySetup.HISTORY_TABLE
                        + " where type = 'BASELINE' and description like ? order by installed_rank limit 1")) {
            st.setString(1, BASELINE_PREFIX + "%");
            try (ResultSet rs = st.executeQuery()) {
                return new FlywayHistory(true, rs.next() ? rs.getString(1) : null);
            }
        }
    }

    record FlywayHistory(boolean exists, String drizzleBaseline) {}

    /** The plan, or exit 2 naming the entry that does not match; nothing is changed either way. */
    Plan plan(Flyway flyway, DrizzleJournal journal) throws SQLException {
        FlywayHistory history = flywayHistory(dataSource);
        if (history.exists()) {
            if (history.drizzleBaseline() != null) {
                return new Plan(table, -1, null, List.of(), history.drizzleBaseline());
            }
            throw RunnerException.badInput("--adopt-drizzle refused: the database already has Flyway history ("
                    + FlywaySetup.HISTORY_TABLE + "), so it is not drizzle-kit's alone; run migrate without"
                    + " --adopt-drizzle. Nothing was changed.");
        }
        if (!drizzleManaged()) {
            throw RunnerException.badInput("--adopt-drizzle refused: the database has no " + table
                    + " table, so drizzle-kit's migrator never ran on it; check --drizzle-table (drizzle's"
                    + " migrationsSchema.migrationsTable). Nothing was changed.");
        }
        List<Row> rows = rows();
        List<Migration> migrations = migrations(flyway, journal);
        int applied = journal != null ? appliedByWhen(rows, migrations) : appliedByPlace(rows, migrations);
        return new Plan(
                table,
                rows.size(),
                applied == 0 ? null : migrations.get(applied - 1),
                migrations.subList(applied, migrations.size()),
                null);
    }

    /**
     * drizzle's own rule: applied = every entry whose when is not newer than the newest created_at.
     * Each row must be one of those entries (created_at = its when) with its file's hash, and each of
     * those entries must have its row: one without was skipped by drizzle (a branch merged with an
     * older timestamp) and its changes are most likely not in the database.
     */
    private int appliedByWhen(List<Row> rows, List<Migration> migrations) {
        Long newest = rows.stream()
                .map(Row::createdAt)
                .filter(java.util.Objects::nonNull)
                .max(Long::compare)
                .orElse(null);
        for (Row row : rows) {
            Migration match = migrations.stream()
                    .filter(m -> m.when().equals(row.createdAt()))
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                throw refused("row id " + row.id() + " of " + table + " (created_at " + row.createdAt() + ", hash "
                        + row.hash() + ") matches no journal entry's when: the database has a migration the folder"
                        + " does not; restore that entry and its file");
            }
            checkHash(row, match);
        }
        int applied = 0;
        for (Migration m : migrations) {
            if (newest != null && m.when() <= newest) {
                if (rows.stream().noneMatch(r -> m.when().equals(r.createdAt()))) {
                    throw refused(m.script() + " (when " + m.when() + ") is older than the newest migration in "
                            + table + " but has no row there: drizzle skipped it, so its changes are most likely not"
                            + " in the database; apply them by hand or give the entry a newer when");
                }
                applied = Math.max(applied, migrations.indexOf(m) + 1);
            }
        }
        return applied;
    }

    /** Imported Flyway files carry no when; drizzle applies in journal order, so row N is migration N. */
    private int appliedByPlace(List<Row> rows, List<Migration> migrations) {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (i >= migrations.size()) {
                throw refused("row id " + row.id() + " of " + table + " (created_at " + row.createdAt() + ", hash "
                        + row.hash() + ") matches no migration: the database has more migrations than the folder");
            }
            checkHash(row, migrations.get(i));
        }
        return rows.size();
    }

    private void checkHash(Row row, Migration m) {
        if (!m.hash().equals(row.hash())) {
            throw refused(m.script() + " differs from what drizzle applied: " + table + " row id " + row.id()
                    + " has hash " + row.hash() + ", the file hashes to " + m.hash()
                    + "; someone edited an applied migration: restore the file as it was applied");
        }
    }

    private static RunnerException refused(String what) {
        return RunnerException.badInput("--adopt-drizzle refused: " + what + ". Nothing was changed.");
    }

    private List<Row> rows() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select id, hash, created_at from " + table.quoted() + " order by created_at, id")) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                long created = rs.getLong(3);
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : created));
            }
            return rows;
        }
    }

    private static List<Migration> migrations(Flyway flyway, DrizzleJournal journal) {
        Map<Integer, DrizzleJournal.Entry> entries = journal == null ? Map.of() : journal.byVersion();
        List<Migration> migrations = new ArrayList<>();
        for (MigrationInfo m : flyway.info().all()) {
            if (!m.isVersioned()) {
                continue;
            }
            String location = m.getPhysicalLocation();
            if (location == null || location.isEmpty()) {
                throw RunnerException.badInput("--adopt-drizzle needs the migrations as files (--locations drizzle:DIR"
                        + " or filesystem:DIR of drizzle-import's files); " + m.getScript() + " is not one");
            }
            int version;
            try {
                version = Integer.parseInt(m.getVersion().getVersion());
            } catch (NumberFormatException e) {
                throw RunnerException.badInput("--adopt-drizzle needs versions 1, 2, 3... as drizzle-import writes them"
                        + " (was " + m.getScript() + ")");
            }
            DrizzleJournal.Entry entry = entries.get(version);
            migrations.add(new Migration(
                    version,
                    m.getDescription(),
                    m.getScript(),
                    DrizzleJournal.drizzleHash(Path.of(location)),
                    entry == null ? null : entry.when()));
        }
        return migrations;
    }
}
