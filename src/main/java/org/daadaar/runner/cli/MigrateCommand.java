package org.daadaar.runner.cli;

import java.time.Duration;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.backup.BackupRequest;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.lint.LintMode;
import org.daadaar.runner.tasks.migrations.DrizzleTable;
import org.daadaar.runner.tasks.migrations.LockRetries;
import org.daadaar.runner.tasks.migrations.MigrateTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Apply the pending migrations (Flyway; validates first, never out of order, never clean).",
            "With --dry-run: list the pending migrations and apply nothing.",
            "Concurrent runs are safe: Flyway's advisory lock lets one apply and the others find it done.",
            "Before applying anything it lints the pending migrations (see lint); --lint fail|warn|off."
        })
final class MigrateCommand implements TaskCommand {
    private static final Duration MIN_RETRY_WAIT = Duration.ofMillis(10);
    private static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(1);

    @Mixin
    LocationsOption locations;

    @Option(names = "--target", paramLabel = "V", description = "Migrate up to this version (default: latest).")
    String target;

    @Option(
            names = "--baseline-version",
            paramLabel = "V",
            description = "Adopt a schema that another tool created and that matches version V: record V as applied"
                    + " without running V or older migrations. Ignored once the schema has Flyway history.")
    String baselineVersion;

    @Option(
            names = "--adopt-drizzle",
            description = "Take over a database that drizzle-kit manages: check every migration drizzle applied"
                    + " against its file (sha256), baseline Flyway at the last one, apply the rest. drizzle's table"
                    + " is left as it is. Needs --locations drizzle:DIR or drizzle-import's files.")
    boolean adoptDrizzle;

    @Option(
            names = "--drizzle-table",
            paramLabel = "SCHEMA.TABLE",
            description = "drizzle's history table, for --adopt-drizzle (default " + DrizzleTable.DEFAULT + ").")
    String drizzleTable;

    @Option(
            names = "--lock-retries",
            paramLabel = "N",
            description = "Times to try again a migration that lock_timeout cancelled (default "
                    + LockRetries.DEFAULT_RETRIES + ", 0 to " + LockRetries.MAX_RETRIES + "); only a migration that ran"
                    + " in a transaction, which was rolled back whole. Each retry logs who held the lock.")
    int lockRetries = LockRetries.DEFAULT_RETRIES;

    @Option(
            names = "--lock-retry-wait",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "About how long to wait before the first retry (default 1s, 10ms to 1m); the wait doubles"
                    + " with each retry, up to 30s, and is drawn at random from its upper half.")
    Duration lockRetryWait = LockRetries.DEFAULT_BASE;

    @Option(
            names = "--require-backup-within",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Before applying anything pending, ask RDS for the newest backup (latest restorable"
                    + " time or snapshot) of the instance behind the database host; refuse (exit 4) when automated"
                    + " backups are off or nothing is newer than D, e.g. 1h. Nothing pending: no RDS call.")
    Duration requireBackupWithin;

    @Option(
            names = "--snapshot-first",
            description =
                    "Before applying anything pending, create a manual snapshot (db-runner- and the CodeBuild build id, else"
                            + " the time) and wait until RDS says it is available.")
    boolean snapshotFirst;

    @Option(
            names = "--snapshot-timeout",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How long --snapshot-first waits for the snapshot (default 30m); then exit 3, the snapshot"
                    + " left as it is and nothing applied.")
    Duration snapshotTimeout;

    @Option(
            names = "--snapshot-poll",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How often --snapshot-first asks RDS how the snapshot is doing (default 15s).")
    Duration snapshotPoll;

    @Option(
            names = "--db-instance-id",
            paramLabel = "ID",
            description = "The RDS instance to check or snapshot, when the database host is not its endpoint.")
    String dbInstanceId;

    @Option(
            names = "--db-cluster-id",
            paramLabel = "ID",
            description =
                    "The Aurora cluster to check or snapshot, when the database host is not one of its endpoints.")
    String dbClusterId;

    /** For --region, which the RDS client shares with the other AWS clients. */
    @ParentCommand
    RootCommand root;

    @Option(
            names = "--lint",
            paramLabel = "fail|warn|off",
            description = "Check the pending migrations first, as the lint task does: fail (default) refuses errors"
                    + " with exit 4 and applies nothing; warn shows them and applies; off skips the check.")
    String lintMode = "fail";

    @Mixin
    LintOptions lint;

    @Override
    public Task task() {
        if (drizzleTable != null && !adoptDrizzle) {
            throw RunnerException.badInput("--drizzle-table only applies with --adopt-drizzle");
        }
        LintMode mode = LintMode.parse(lintMode);
        OptionValues.inRange(lockRetries, 0, LockRetries.MAX_RETRIES, "--lock-retries");
        OptionValues.between(lockRetryWait, MIN_RETRY_WAIT, MAX_RETRY_WAIT, "--lock-retry-wait");
        return migrateTask(mode).withBackup(backupRequest());
    }

    private BackupRequest backupRequest() {
        if (!snapshotFirst && (snapshotTimeout != null || snapshotPoll != null)) {
            throw RunnerException.badInput((snapshotTimeout != null ? "--snapshot-timeout" : "--snapshot-poll")
                    + " only applies with --snapshot-first");
        }
        // Bounded so that no value overflows the nanosecond clocks the waits use.
        OptionValues.requireBackupWithin(requireBackupWithin);
        if (snapshotTimeout != null) {
            OptionValues.between(snapshotTimeout, Duration.ofMillis(1), Duration.ofDays(1), "--snapshot-timeout");
        }
        if (snapshotPoll != null) {
            OptionValues.between(snapshotPoll, Duration.ofMillis(1), Duration.ofMinutes(10), "--snapshot-poll");
        }
        return new BackupRequest(
                requireBackupWithin,
                snapshotFirst,
                snapshotTimeout == null ? BackupRequest.DEFAULT_SNAPSHOT_TIMEOUT : snapshotTimeout,
                snapshotPoll == null ? BackupRequest.DEFAULT_SNAPSHOT_POLL : snapshotPoll,
                dbInstanceId,
                dbClusterId,
                root == null ? null : root.region);
    }

    private MigrateTask migrateTask(LintMode mode) {
        return MigrateTask.of(
                        locations.source(),
                        target,
                        baselineVersion,
                        adoptDrizzle
                                ? DrizzleTable.parse(drizzleTable == null ? DrizzleTable.DEFAULT : drizzleTable)
                                : null)
                .withLockRetries(LockRetries.of(lockRetries, lockRetryWait))
                .withLint(mode, lint.settings());
    }
}
