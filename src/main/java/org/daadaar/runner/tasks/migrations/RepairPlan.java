package org.daadaar.runner.tasks.migrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.extensibility.AppliedMigration;
import org.flywaydb.core.internal.info.MigrationInfoImpl;

/**
 * What repair would change in the history table, computed from Flyway's own pairing of each
 * applied row with its file (MigrationInfoImpl: the resolved and the applied migration), with the
 * same tests Flyway's DbRepair makes (flyway-core internal/command/DbRepair, Flyway 13): a failed
 * row is removed; a successful versioned row whose description, type or checksum differs from its
 * file is realigned; a repeatable row is realigned only when its checksum matches the file's
 * once line endings are normalised (a changed repeatable is reapplied by migrate, not repaired).
 *
 * <p>Unlike Flyway's repair it never deletes the row of a migration that has no file here
 * (Flyway's "missing" and "future" states: most often a wrong --locations, or a newer build's
 * migration); those are only counted. And a differing checksum of a versioned migration is a
 * change only for a version the operator accepted; the others are {@link #unaccepted()}.
 */
record RepairPlan(List<Change> changes, List<Change> unaccepted, List<String> withoutFile) {
    enum Kind {
        REMOVE_FAILED,
        REALIGN
    }

    /**
     * One row and what becomes of it. {@code applied*} are the row as planned from, checked again
     * under the table lock before anything is written; {@code file*} the values it is realigned to.
     */
    record Change(
            Kind kind,
            int installedRank,
            String version,
            String script,
            String appliedDescription,
            String appliedType,
            Integer appliedChecksum,
            boolean appliedSuccess,
            String fileDescription,
            String fileType,
            Integer fileChecksum,
            String fileScript) {

        boolean checksumDiffers() {
            return kind == Kind.REALIGN && !Objects.equals(appliedChecksum, fileChecksum);
        }

        /** "V2 index big (V2__index_big.sql)", or "repeatable ..." */
        String what() {
            return (version == null ? "repeatable " + appliedDescription : "V" + version + " " + appliedDescription)
                    + " (" + script + ")";
        }

        /** What is done to the row, for the report: "remove its failed row", "description 'a' -> 'b'". */
        String action() {
            if (kind == Kind.REMOVE_FAILED) {
                return "remove its failed row (installed_rank " + installedRank + ")";
            }
            List<String> parts = new ArrayList<>();
            if (!Objects.equals(appliedDescription, fileDescription)) {
                parts.add("description '" + appliedDescription + "' -> '" + fileDescription + "' (" + fileScript + ")");
            }
            if (!Objects.equals(appliedType, fileType)) {
                parts.add("type " + appliedType + " -> " + fileType);
            }
            if (!Objects.equals(appliedChecksum, fileChecksum)) {
                parts.add("checksum " + appliedChecksum + " -> " + fileChecksum);
            }
            return "realign " + String.join(", ", parts);
        }

        Map<String, Object> details() {
            Map<String, Object> d = new TreeMap<>();
            d.put("action", kind == Kind.REMOVE_FAILED ? "remove-failed" : "realign");
            d.put("installed_rank", installedRank);
            d.put("version", version);
            d.put("script", script);
            d.put("change", action());
            return d;
        }
    }

    /** @param accepted the versions whose differing checksum the operator accepted */
    static RepairPlan of(MigrationInfoService info, Set<MigrationVersion> accepted) {
        List<Change> changes = new ArrayList<>();
        List<Change> unaccepted = new ArrayList<>();
        List<String> withoutFile = new ArrayList<>();
        for (MigrationInfo migration : info.all()) {
            MigrationInfoImpl pair = (MigrationInfoImpl) migration;
            AppliedMigration applied = pair.getAppliedMigration();
            ResolvedMigration resolved = pair.getResolvedMigration();
            if (applied == null
                    || applied.getType().isSynthetic()
                    || applied.getType().isUndo()) {
                continue; // pending, or the baseline and schema markers, which have no file to match
            }
            if (!applied.isSuccess()) {
                changes.add(change(Kind.REMOVE_FAILED, applied, null));
                continue;
            }
            if (resolved == null) {
                withoutFile.add(
                        migration.getVersion() == null
                                ? "repeatable " + applied.getDescription()
                                : "V" + migration.getVersion().getVersion());
                continue;
            }
            MigrationState state = migration.getState();
            if (state == MigrationState.UNDONE || state == MigrationState.IGNORED) {
                continue;
            }
            if (resolved.getVersion() == null) {
                if (resolved.checksumMatchesWithoutBeingIdentical(applied.getChecksum())) {
                    changes.add(change(Kind.REALIGN, applied, resolved));
                }
                continue;
            }
            boolean checksum = !resolved.checksumMatches(applied.getChecksum());
            boolean description = !Objects.equals(resolved.getDescription(), applied.getDescription());
            boolean type =
                    !Objects.equals(resolved.getType().name(), applied.getType().name());
            if (!checksum && !description && !type) {
                continue;
            }
            Change change = change(Kind.REALIGN, applied, resolved);
            if (checksum && !accepted.contains(resolved.getVersion())) {
                unaccepted.add(change);
            } else {
                changes.add(change);
            }
        }
        return new RepairPlan(List.copyOf(changes), List.copyOf(unaccepted), List.copyOf(withoutFile));
    }

    private static Change change(Kind kind, AppliedMigration applied, ResolvedMigration resolved) {
        return new Change(
                kind,
                applied.getInstalledRank(),
                applied.getVersion() == null ? null : applied.getVersion().getVersion(),
                applied.getScript(),
                applied.getDescription(),
                applied.getType().name(),
                applied.getChecksum(),
                applied.isSuccess(),
                resolved == null ? null : resolved.getDescription(),
                resolved == null ? null : resolved.getType().name(),
                resolved == null ? null : resolved.getChecksum(),
                resolved == null ? null : resolved.getScript());
    }
}
