package org.daadaar.runner.backup;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.daadaar.runner.output.DurationText;

/**
 * What the guard found or made before migrate applied anything, for the report and the audit row.
 *
 * @param newestBackup the newest backup seen (--require-backup-within), else null
 * @param age how old it was then, else null
 * @param snapshotId the snapshot made (or, in a dry run, that would be made), else null
 * @param snapshotMillis how long the snapshot took to become available, 0 in a dry run
 */
public record BackupOutcome(
        RdsDatabase database,
        Instant newestBackup,
        Duration age,
        Duration requiredWithin,
        String snapshotId,
        long snapshotMillis,
        boolean dryRun) {
    public BackupOutcome {
        requireNonNull(database, "database");
    }

    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(database.kind() == RdsDatabase.Kind.CLUSTER ? "db_cluster_id" : "db_instance_id", database.id());
        d.put("backup_retention_days", database.backupRetentionDays());
        if (newestBackup != null) {
            d.put("newest_backup", newestBackup.toString());
            d.put("backup_age_s", age.toSeconds());
            d.put("required_within_s", requiredWithin.toSeconds());
        }
        if (snapshotId != null) {
            d.put(dryRun ? "would_create_snapshot" : "snapshot_id", snapshotId);
            if (!dryRun) {
                d.put("snapshot_ms", snapshotMillis);
            }
        }
        return d;
    }

    /** One line for the report, after the task's prefix. */
    public String line() {
        if (snapshotId != null) {
            return dryRun
                    ? "would create snapshot " + snapshotId + " of " + database.describe()
                            + " and wait until it is available before applying anything"
                    : "snapshot " + snapshotId + " of " + database.describe() + " is available (made in "
                            + DurationText.words(Duration.ofMillis(snapshotMillis)) + ")";
        }
        return database.describe() + ": newest backup " + DurationText.words(age) + " old (" + newestBackup
                + "), within --require-backup-within " + DurationText.optionForm(requiredWithin);
    }
}
