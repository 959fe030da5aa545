package org.daadaar.runner.backup;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.output.DurationText;
import org.daadaar.runner.tasks.StopAwareWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before migrate applies anything pending: asks RDS for the newest backup of the database
 * behind the host and refuses (exit 4) when there is none newer than --require-backup-within, or
 * makes a manual snapshot (--snapshot-first) and waits until RDS says it is available. Only
 * called when something is pending, so an up-to-date database costs no RDS call at all.
 */
public final class BackupGuard {
    private static final Logger log = LoggerFactory.getLogger(BackupGuard.class);

    private final BackupRequest request;

    public BackupGuard(BackupRequest request) {
        this.request = requireNonNull(request, "request");
    }

    /**
     * @param host the database host, to find the instance by its endpoint
     * @param snapshotStarted told the snapshot's id as soon as RDS accepted it, so that a failure
     *     while waiting still names it in the audit row
     * @param stopRequested whether a SIGTERM came: the wait for the snapshot ends then (exit 143),
     *     since no statement is in flight for the stop to cancel
     */
    public BackupOutcome before(
            String host,
            Map<String, String> env,
            boolean dryRun,
            Consumer<String> snapshotStarted,
            BooleanSupplier stopRequested) {
        try (Rds rds = Rds.connect(request.region(), env)) {
            RdsDatabase db = rds.find(host, request.instanceId(), request.clusterId());
            if (request.snapshotFirst()) {
                if (request.requireWithin() != null) {
                    log.info("--snapshot-first: the new snapshot is the backup --require-backup-within asks for");
                }
                String id = SnapshotName.of(env, Instant.now());
                if (dryRun) {
                    return new BackupOutcome(db, null, null, null, id, 0, true);
                }
                return snapshot(rds, db, id, env, snapshotStarted, stopRequested);
            }
            return checkAge(rds, db, dryRun);
        }
    }

    /**
     * doctor's check, read-only whatever was asked: finds the database and, with
     * --require-backup-within, judges its newest backup as migrate would (a refusal is thrown).
     *
     * @return what was found, in one line
     */
    public String inspect(String host, Map<String, String> env) {
        try (Rds rds = Rds.connect(request.region(), env)) {
            RdsDatabase db = rds.find(host, request.instanceId(), request.clusterId());
            if (request.requireWithin() != null && !request.snapshotFirst()) {
                return checkAge(rds, db, true).line();
            }
            return db.describe() + " found (automated backups "
                    + (db.backupRetentionDays() == 0 ? "off" : "kept " + db.backupRetentionDays() + " days")
                    + "); --snapshot-first would snapshot it";
        }
    }

    private BackupOutcome checkAge(Rds rds, RdsDatabase db, boolean dryRun) {
        Duration within = request.requireWithin();
        String refusal = " (--require-backup-within " + DurationText.optionForm(within) + "); nothing was applied";
        if (db.backupRetentionDays() == 0) {
            throw RunnerException.guardRefused(db.describe() + " has automated backups off (BackupRetentionPeriod 0)"
                    + refusal + ". Turn them on (a retention period of 1 day or more), or use --snapshot-first");
        }
        Optional<Instant> snapshot = rds.newestSnapshot(db);
        Instant restorable = db.latestRestorableTime();
        Instant newest = snapshot.filter(s -> restorable == null || s.isAfter(restorable))
                .orElse(restorable);
        if (newest == null) {
            throw RunnerException.guardRefused(db.describe() + " has no backup yet: no latest restorable time and no"
                    + " available snapshot" + refusal + ". Wait for its first backup, or use --snapshot-first");
        }
        Duration age = Duration.between(newest, Instant.now());
        if (age.isNegative()) {
            age = Duration.ZERO; // RDS's clock is ahead of ours
        }
        if (age.compareTo(within) > 0) {
            throw RunnerException.guardRefused(db.describe() + "'s newest backup is " + DurationText.words(age) + " old"
                    + " (latest restorable time " + orNone(restorable) + ", newest snapshot "
                    + snapshot.map(Instant::toString).orElse("none") + "), older than --require-backup-within "
                    + DurationText.optionForm(within)
                    + "; nothing was applied. Check the backups' status in the RDS console, or"
                    + " use --snapshot-first");
        }
        log.info(
                "{}: newest backup {} old, within {}",
                db.describe(),
                DurationText.words(age),
                DurationText.optionForm(within));
        return new BackupOutcome(db, newest, age, within, null, 0, dryRun);
    }

    private BackupOutcome snapshot(
            Rds rds,
            RdsDatabase db,
            String id,
            Map<String, String> env,
            Consumer<String> snapshotStarted,
            BooleanSupplier stopRequested) {
        long started = System.nanoTime();
        log.info("{}: creating snapshot {} before migrating", db.describe(), id);
        rds.createSnapshot(db, id, tags(env));
        snapshotStarted.accept(id);
        Duration timeout = request.snapshotTimeout();
        long deadline = started + timeout.toNanos();
        while (true) {
            SnapshotState state = rds.snapshotState(db, id);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (state.available()) {
                log.info("snapshot {} of {} is available after {}", id, db.describe(), DurationText.words(elapsed));
                return new BackupOutcome(db, null, null, null, id, elapsed.toMillis(), false);
            }
            if (state.failed()) {
                throw RunnerException.environment(
                        "snapshot " + id + " of " + db.describe() + " is " + state.status() + " after "
                                + DurationText.words(elapsed)
                                + ": nothing was applied; check the database's events in the"
                                + " RDS console",
                        null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw RunnerException.environment(
                        "snapshot " + id + " of " + db.describe() + " is still " + state.status() + " after "
                                + DurationText.words(elapsed) + " (--snapshot-timeout "
                                + DurationText.optionForm(timeout) + "): nothing"
                                + " was applied; the snapshot is left as it is. Wait until it is available and run"
                                + " again, or raise --snapshot-timeout",
                        null);
            }
            log.info(
                    "snapshot {} of {}: {}{}, {} elapsed (timeout {})",
                    id,
                    db.describe(),
                    state.status(),
                    state.percent() == null ? "" : " " + state.percent() + "%",
                    DurationText.words(elapsed),
                    DurationText.optionForm(timeout));
            if (!StopAwareWait.waitUnlessStopped(
                    Duration.ofNanos(Math.min(left, request.pollInterval().toNanos())), stopRequested)) {
                throw stoppedWaiting(id);
            }
        }
    }

    /** Who made the snapshot and why, for whoever finds it in the console later. */
    private static Map<String, String> tags(Map<String, String> env) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("created-by", "db-runner");
        tags.put("db-runner:task", "migrate --snapshot-first");
        String build = env.get("CODEBUILD_BUILD_ID");
        if (build != null && build.matches("[\\p{L}\\p{N}\\s_.:/=+\\-@]{1,256}")) {
            tags.put("db-runner:build-id", build);
        }
        return tags;
    }

    private static String orNone(Instant instant) {
        return instant == null ? "none" : instant.toString();
    }

    private static RunnerException stoppedWaiting(String id) {
        return RunnerException.stopped(
                "stopped while waiting for snapshot " + id + "; nothing was applied, and the snapshot is left as it is",
                null);
    }
}
