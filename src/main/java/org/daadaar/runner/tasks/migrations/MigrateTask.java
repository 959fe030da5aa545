package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;
import static org.daadaar.runner.Causes.find;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.daadaar.runner.Causes;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.backup.BackupGuard;
import org.daadaar.runner.backup.BackupOutcome;
import org.daadaar.runner.backup.BackupRequest;
import org.daadaar.runner.db.LockWaits;
import org.daadaar.runner.tasks.StopAwareWait;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.daadaar.runner.tasks.lint.LintMode;
import org.daadaar.runner.tasks.lint.LintReport;
import org.daadaar.runner.tasks.lint.LintSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateErrorResult;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway migrate, the way a careful operator runs it on a live database: refuses a schema that
 * another tool created unless told the version it matches, reports what it applied and how long
 * each migration took, and relies on Flyway's advisory lock (not the runner's) against concurrent
 * runs, so several build containers starting at once are safe. A transactional migration that
 * lock_timeout cancelled was rolled back whole, so it is tried again after a wait ({@link
 * LockRetries}); one outside a transaction is not.
 */
public final class MigrateTask implements Task {
    private static final Logger log = LoggerFactory.getLogger(MigrateTask.class);
    private static final String LOCK_RETRIES = "lock_retries";
    private static final Pattern VERSION = Pattern.compile("\\d+([._]\\d+)*");

    private final MigrationSource source;
    private final String target;
    private final String baselineVersion;
    private final DrizzleTable adoptDrizzle;
    private final LockRetries lockRetries;
    /** --require-backup-within / --snapshot-first; null when neither was asked for. */
    private final BackupRequest backup;
    /** Retries after lock timeouts so far in this run, for the audit row of a run that fails. */
    private volatile int retried;
    /** The snapshot made before a migration that then failed, so its audit row names it. */
    private volatile String snapshotId;

    private final LintMode lintMode;
    private final LintSettings lintSettings;

    private MigrateTask(
            MigrationSource source,
            String target,
            String baselineVersion,
            DrizzleTable adoptDrizzle,
            LockRetries lockRetries,
            BackupRequest backup,
            LintMode lintMode,
            LintSettings lintSettings) {
        this.source = requireNonNull(source, "source");
        this.target = target;
        this.baselineVersion = baselineVersion;
        this.adoptDrizzle = adoptDrizzle;
        this.lockRetries = requireNonNull(lockRetries, "lockRetries");
        this.backup = backup;
        this.lintMode = requireNonNull(lintMode, "lintMode");
        this.lintSettings = requireNonNull(lintSettings, "lintSettings");
    }

    public static MigrateTask of(MigrationSource source, String target, String baselineVersion) {
        return of(source, target, baselineVersion, null);
    }

    /**
     * @param target a version, latest or current; null for latest
     * @param baselineVersion the version an adopted schema matches; null to refuse a foreign schema
     * @param adoptDrizzle drizzle's history table when adopting a drizzle-managed database, else null
     */
    public static MigrateTask of(
            MigrationSource source, String target, String baselineVersion, DrizzleTable adoptDrizzle) {
        if (adoptDrizzle != null && baselineVersion != null) {
            throw RunnerException.badInput("--adopt-drizzle finds the baseline itself; drop --baseline-version");
        }
        if (adoptDrizzle != null && source.drizzle() == null && !source.onDisk()) {
            throw RunnerException.badInput("--adopt-drizzle needs the project's drizzle migrations: --locations"
                    + " drizzle:DIR, or filesystem:DIR holding drizzle-import's files");
        }
        if (target != null
                && !target.equals("latest")
                && !target.equals("current")
                && !VERSION.matcher(target).matches()) {
            throw RunnerException.badInput(
                    "--target must be a version such as 3 or 2.1, latest or current (was '" + target + "')");
        }
        if (baselineVersion != null && !VERSION.matcher(baselineVersion).matches()) {
            throw RunnerException.badInput(
                    "--baseline-version must be a version such as 3 or 2.1 (was '" + baselineVersion + "')");
        }
        return new MigrateTask(
                source,
                target,
                baselineVersion,
                adoptDrizzle,
                LockRetries.of(LockRetries.DEFAULT_RETRIES, LockRetries.DEFAULT_BASE),
                null,
                LintMode.FAIL,
                LintSettings.defaults());
    }

    /** The same run with another retry policy for migrations that lock_timeout cancelled. */
    public MigrateTask withLockRetries(LockRetries lockRetries) {
        return new MigrateTask(
                source, target, baselineVersion, adoptDrizzle, lockRetries, backup, lintMode, lintSettings);
    }

    /** The same migrate, with RDS's backup checked or a snapshot made before anything pending is applied. */
    public MigrateTask withBackup(BackupRequest request) {
        return new MigrateTask(
                source,
                target,
                baselineVersion,
                adoptDrizzle,
                lockRetries,
                request.active() ? request : null,
                lintMode,
                lintSettings);
    }

    /** The same migrate with the linter run as --lint says (default: fail on errors, default thresholds). */
    public MigrateTask withLint(LintMode mode, LintSettings settings) {
        return new MigrateTask(source, target, baselineVersion, adoptDrizzle, lockRetries, backup, mode, settings);
    }

    @Override
    public String name() {
        return "migrate";
    }

    /** Flyway's own advisory lock serialises concurrent runs; a second lock would only add a wait. */
    @Override
    public boolean exclusive() {
        return false;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (!source.isPackaged()) {
            p.put("locations", source.locations());
        }
        if (target != null) {
            p.put("target", target);
        }
        if (baselineVersion != null) {
            p.put("baseline_version", baselineVersion);
        }
        if (adoptDrizzle != null) {
            p.put("adopt_drizzle", adoptDrizzle.toString());
        }
        if (lockRetries.retries() != LockRetries.DEFAULT_RETRIES) {
            p.put(LOCK_RETRIES, lockRetries.retries());
        }
        if (!lockRetries.base().equals(LockRetries.DEFAULT_BASE)) {
            p.put("lock_retry_wait_ms", lockRetries.base().toMillis());
        }
        if (backup != null) {
            p.putAll(backup.parameters());
        }
        p.put("lint", lintMode.word());
        if (lintMode != LintMode.OFF) {
            p.putAll(lintSettings.parameters());
        }
        return p;
    }

    @Override
    public Map<String, Object> progress() {
        String snapshot = snapshotId;
        return snapshot == null
                ? Map.of(LOCK_RETRIES, retried)
                : Map.of(LOCK_RETRIES, retried, SNAPSHOT_MADE, snapshot);
    }

    @Override
    public TaskResult run(TaskContext context) throws SQLException {
        long started = System.nanoTime();
        if (adoptDrizzle != null) {
            return adopt(context, started);
        }
        ForeignSchema.State schema = ForeignSchema.inspect(context.dataSource());
        String foreign = schema.refusal();
        if (foreign != null && baselineVersion == null) {
            throw RunnerException.badInput(foreign);
        }
        if (foreign == null && schema.historyExists() && mayTellNothingPending(context)) {
            String current = NothingPending.currentVersion(context.dataSource(), source);
            if (current != null) {
                log.info(
                        "migrate: {} records every local migration as applied, up to version {}; Flyway not started",
                        FlywaySetup.HISTORY_TABLE,
                        current);
                return report(upToDate(current), null, null, started);
            }
        }
        FluentConfiguration config = FlywaySetup.configure(context, source);
        if (target != null) {
            config.target(target);
        }
        if (baselineVersion != null) {
            config.baselineVersion(baselineVersion).baselineOnMigrate(true).baselineDescription("adopted by db-runner");
        }
        boolean historyExists = schema.historyExists();
        boolean emptyDrizzleDatabase = source.drizzle() != null && foreign == null && !historyExists;
        if (emptyDrizzleDatabase) {
            // An empty database and a drizzle folder: one transaction for all, as drizzle's own
            // migrator runs them (so every drizzle folder can run that way), one commit instead
            // of one per migration. A failure leaves the database empty again. A database in use
            // (any history) keeps one transaction per migration.
            config.group(true);
        }
        String adoptedAt = foreign != null ? baselineVersion : null;
        // The same single transaction without Flyway's per-statement executor, when nothing can
        // differ from Flyway's own run (see EmptyDatabaseMigrate).
        List<EmptyDatabaseMigrate.Script> whole = emptyDrizzleDatabase && (target == null || target.equals("latest"))
                ? EmptyDatabaseMigrate.sendable(source.drizzle())
                : null;
        if (context.dryRun()) {
            return dryRunReport(context, config, adoptedAt, null, whole, started);
        }
        return migrateUnderLock(context, config, adoptedAt, null, historyExists, whole, started);
    }

    /**
     * Whether NothingPending may answer for Flyway: a real run (a dry run lists the pending ones),
     * to the latest version, with no baseline to record and no backup guard (which validates and
     * reports first); migrate then applies nothing exactly when NothingPending finds nothing.
     */
    private boolean mayTellNothingPending(TaskContext context) {
        return !context.dryRun()
                && baselineVersion == null
                && backup == null
                && (target == null || target.equals("latest"));
    }

    /** The result Flyway's migrate gives when nothing is pending. */
    private static MigrateResult upToDate(String current) {
        MigrateResult result = new MigrateResult();
        result.initialSchemaVersion = current;
        return result;
    }

    /**
     * Flyway's migrate, tried again after a lock timeout in a migration that ran in a transaction.
     * Each attempt starts from the history table: the migrations committed before the failing one
     * are recorded as applied and not run again, so a retry resumes at the failed migration. In
     * group mode the one transaction held them all and rolled them all back, so the whole group
     * runs again and none of the failed attempt's migrations count as applied. The result covers
     * the whole run: the schema version before the first attempt, every migration applied.
     */
    private MigrateResult migrate(Flyway flyway, LockWaits waits, TaskContext context, boolean group) {
        return migrate(flyway, waits, context, group, 1);
    }

    /** @param firstAttempt 2 after the empty-database shortcut's own attempt timed out on a lock */
    private MigrateResult migrate(
            Flyway flyway, LockWaits waits, TaskContext context, boolean group, int firstAttempt) {
        retried = firstAttempt - 1;
        List<MigrateOutput> committedEarlier = new ArrayList<>();
        String initialVersion = null;
        for (int attempt = firstAttempt; ; attempt++) {
            try {
                MigrateResult result = flyway.migrate();
                if (attempt > 1) {
                    result.migrations.addAll(0, committedEarlier);
                    result.initialSchemaVersion = initialVersion;
                }
                return result;
            } catch (FlywayException e) {
                if (Causes.find(e, LintBeforeFirstMigration.Refused.class) != null) {
                    throw e; // the lint refused before anything ran: the caller reports it
                }
                if (!FlywayFailures.retryableLockTimeout(e) || attempt > lockRetries.retries()) {
                    throw FlywayFailures.classify(name(), e, waits.lastWait(), context, attempt);
                }
                FlywayMigrateException failed = find(e, FlywayMigrateException.class);
                MigrateErrorResult partial = failed.getErrorResult();
                if (attempt == 1 && partial != null) {
                    initialVersion = partial.initialSchemaVersion;
                }
                if (!group && partial != null) {
                    committedEarlier.addAll(partial.migrations);
                }
                retried = attempt;
                Duration delay = lockRetries.delay(attempt);
                log.warn(
                        "migrate: {} waited longer than lock_timeout ({} ms) for {}; rolled back{}, retry {} of {} in {}"
                                + " ms",
                        failed.getMigration().getScript(),
                        context.settings().lockTimeout().toMillis(),
                        waits.lastWait().orElse("a lock that another session holds"),
                        group ? " with every migration of its group" : "",
                        attempt,
                        lockRetries.retries(),
                        delay.toMillis());
                waits.forget();
                if (!StopAwareWait.waitUnlessStopped(delay, context.stopRequested())) {
                    // SIGTERM during the wait: no new attempt; the runner reports the stop.
                    throw FlywayFailures.classify(name(), e, waits.lastWait(), context, attempt);
                }
            }
        }
    }

    /**
     * --adopt-drizzle: every check first (DrizzleAdoption reads only), then Flyway's baseline at
     * drizzle's last applied migration and a normal migrate. The baseline is its own step, not
     * baselineOnMigrate, because Flyway skips that on a schema it finds empty (drizzle may keep
     * every table outside it) and would then run V1 on a database that has it. A run that stops
     * after the baseline is finished by the next one, which finds the baseline and migrates.
     */
    private TaskResult adopt(TaskContext context, long started) throws SQLException {
        FluentConfiguration config = FlywaySetup.configure(context, source);
        if (target != null) {
            config.target(target);
        }
        DrizzleAdoption.Plan plan = new DrizzleAdoption(context.dataSource(), adoptDrizzle)
                .plan(FlywaySetup.load(config), source.drizzle());
        String baseline = plan.alreadyAdopted() || plan.baseline() == null
                ? null
                : String.valueOf(plan.baseline().version());
        if (baseline != null) {
            config.baselineVersion(baseline).baselineDescription(plan.baselineDescription());
        } else if (!plan.alreadyAdopted()) {
            String foreign = ForeignSchema.check(context.dataSource());
            if (foreign != null) {
                throw RunnerException.badInput(foreign);
            }
        }
        if (context.dryRun()) {
            return dryRunReport(context, config, baseline, plan, null, started);
        }
        // The plan found Flyway's history only on a database adopted already (any other history is refused).
        return migrateUnderLock(context, config, baseline, plan, plan.alreadyAdopted(), null, started);
    }

    /**
     * What a real run would do, in the real run's order: the lint, the backup guard, the plan.
     *
     * @param wholeFiles the files a real run would send whole (EmptyDatabaseMigrate), linted as it
     *     would lint them; else null
     */
    private TaskResult dryRunReport(
            TaskContext context,
            FluentConfiguration config,
            String baseline,
            DrizzleAdoption.Plan plan,
            List<EmptyDatabaseMigrate.Script> wholeFiles,
            long started)
            throws SQLException {
        LintReport lint = lint(context, config, baseline, wholeFiles);
        Flyway flyway = FlywaySetup.load(config);
        BackupOutcome backedUp = backupFirst(flyway, baseline, context);
        return withBackup(withLintReport(dryRun(flyway, baseline, plan, started), lint), backedUp, true);
    }

    /**
     * The real run, after every check that reads only: the backup guard (before the baseline too:
     * the baseline row is the first change), then Flyway's migrate with the lint run just before
     * the first pending migration, retried after lock timeouts.
     *
     * @param baseline the version an adoption baselines at (adopt: flyway.baseline() first), else
     *     the version a foreign schema was adopted at, or null
     * @param plan the drizzle adoption's plan, or null
     * @param historyExists whether Flyway's history table was there when the run began
     * @param wholeFiles the drizzle folder's files when EmptyDatabaseMigrate may send them whole
     *     (they are then linted as PostgreSQL splits them); null when Flyway runs the migrations
     */
    private TaskResult migrateUnderLock(
            TaskContext context,
            FluentConfiguration config,
            String baseline,
            DrizzleAdoption.Plan plan,
            boolean historyExists,
            List<EmptyDatabaseMigrate.Script> wholeFiles,
            long started)
            throws SQLException {
        // Flyway's callback lints just before the first pending migration, so that a no-op
        // migrate pays nothing for it. By then Flyway has made its own first changes when there
        // are any (the history table on a new database, a baseline row), and a snapshot may have
        // taken many minutes: in those cases the lint runs here, first, so that a refusal leaves
        // the database as it was and costs no snapshot.
        boolean changesBeforeFirstMigration = baseline != null || !historyExists;
        LintReport early = lintMode != LintMode.OFF && (backup != null || changesBeforeFirstMigration)
                ? lint(context, config, baseline, wholeFiles)
                : null;
        if (early != null && lintMode == LintMode.FAIL && early.errors() > 0) {
            return refusal(early);
        }
        LintBeforeFirstMigration lint = early == null ? lintCallback(context, baseline) : null;
        try (LockWaits waits = LockWaits.on(context.dataSource())) {
            BackupOutcome backedUp = null;
            Flyway flyway = null;
            try {
                if (backup != null) {
                    validateFirst(config);
                }
                // The empty-database shortcut needs no Flyway (and starting one costs more than a
                // small run): it is made only if the shortcut does not apply after all.
                if (wholeFiles == null || backup != null) {
                    flyway = FlywaySetup.load(config, callbacks(new WatchLockWaits(waits), lint));
                    backedUp = backupFirst(flyway, baseline, context);
                    if (plan != null && baseline != null) {
                        flyway.baseline();
                    }
                }
            } catch (FlywayException e) {
                throw FlywayFailures.classify(name(), e, waits.lastWait(), context);
            }
            try {
                MigrateResult result = wholeFiles != null
                        ? emptyDatabaseFirst(flyway, waits, context, config, wholeFiles)
                        : migrate(flyway, waits, context, config.isGroup());
                return withBackup(
                        withLintReport(report(result, baseline, plan, started), early != null ? early : reportOf(lint)),
                        backedUp,
                        false);
            } catch (FlywayException | LintBeforeFirstMigration.Refused e) {
                return refusedOrThrow(e, waits, context);
            }
        }
    }

    /**
     * The empty-database shortcut, and Flyway's migrate when it does not apply. A lock timeout in
     * the shortcut rolled everything back, as one in Flyway's group would: the retries go on in
     * Flyway's group, whose lock-wait watch names the holder.
     */
    private MigrateResult emptyDatabaseFirst(
            Flyway made,
            LockWaits waits,
            TaskContext context,
            FluentConfiguration config,
            List<EmptyDatabaseMigrate.Script> wholeFiles)
            throws SQLException {
        // Flyway only for the run through Flyway: the shortcut needs none. No lint callback: on an
        // empty database the lint ran before anything else (migrateUnderLock), or is off.
        Supplier<Flyway> flyway = () -> {
            try {
                return made != null ? made : FlywaySetup.load(config, callbacks(new WatchLockWaits(waits), null));
            } catch (FlywayException e) {
                throw FlywayFailures.classify(name(), e, waits.lastWait(), context);
            }
        };
        try {
            MigrateResult fast = EmptyDatabaseMigrate.apply(context, wholeFiles);
            return fast != null ? fast : migrate(flyway.get(), waits, context, config.isGroup());
        } catch (RunnerException e) {
            SQLException sql = Causes.find(e, SQLException.class);
            if (sql == null || !"55P03".equals(sql.getSQLState()) || lockRetries.retries() == 0) {
                throw e;
            }
            retried = 1;
            Duration delay = lockRetries.delay(1);
            log.warn(
                    "{}; rolled back with every migration of its group, retry 1 of {} in {} ms",
                    e.getMessage(),
                    lockRetries.retries(),
                    delay.toMillis());
            if (!StopAwareWait.waitUnlessStopped(delay, context.stopRequested())) {
                throw e;
            }
            return migrate(flyway.get(), waits, context, true, 2);
        }
    }

    private static LintReport reportOf(LintBeforeFirstMigration lint) {
        return lint == null ? null : lint.report();
    }

    /**
     * Flyway's validation as its migrate runs it (pending migrations are fine), before a snapshot
     * that a failed migration's row or a changed checksum would make useless: migrate would refuse
     * after the snapshot, and the snapshot may take many minutes.
     */
    private static void validateFirst(FluentConfiguration config) {
        FluentConfiguration copy = Flyway.configure(config.getClassLoader())
                .configuration(config)
                .ignoreMigrationPatterns("*:pending", "*:future");
        ValidateResult result = FlywaySetup.load(copy).validateWithResult();
        if (!result.validationSuccessful) {
            throw new FlywayValidateException(result.errorDetails, result.getAllErrorMessages());
        }
    }

    /**
     * The backup guard, when it was asked for and something is pending (above the baseline an
     * adoption records): nothing pending, no RDS call at all. Null when it did not run.
     */
    private BackupOutcome backupFirst(Flyway flyway, String adoptedAt, TaskContext context) {
        if (backup == null) {
            return null;
        }
        MigrationVersion baseline = adoptedAt == null ? null : MigrationVersion.fromVersion(adoptedAt);
        if (PendingScripts.above(flyway.info().pending(), baseline).isEmpty()) {
            return null;
        }
        return new BackupGuard(backup)
                .before(
                        context.settings().url().host(),
                        context.env(),
                        context.dryRun(),
                        id -> snapshotId = id,
                        context.stopRequested());
    }

    /** The guard's line first in the report, its facts under "backup" in the details and the audit row. */
    private TaskResult withBackup(TaskResult result, BackupOutcome outcome, boolean dryRun) {
        if (outcome == null) {
            return result;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backup", outcome.details());
        details.putAll(result.details());
        List<String> lines = new ArrayList<>();
        lines.add(Wording.prefix(name(), dryRun) + outcome.line());
        lines.addAll(result.lines());
        return new TaskResult(result.task(), result.status(), details, lines);
    }

    /**
     * The pending migrations checked before anything is applied; null with --lint off.
     *
     * @param wholeFiles the files the empty-database shortcut sends whole, else null (Flyway's view)
     */
    private LintReport lint(
            TaskContext context,
            FluentConfiguration config,
            String baseline,
            List<EmptyDatabaseMigrate.Script> wholeFiles)
            throws SQLException {
        if (lintMode == LintMode.OFF) {
            return null;
        }
        if (wholeFiles != null) {
            return LintTask.check(name(), context, PendingScripts.wholeFiles(wholeFiles), lintSettings);
        }
        return LintTask.check(
                name(),
                context,
                FlywaySetup.load(config),
                baseline == null ? null : MigrationVersion.fromVersion(baseline),
                lintSettings);
    }

    /** The lint of a real run, done by Flyway just before the first pending migration; null with --lint off. */
    private LintBeforeFirstMigration lintCallback(TaskContext context, String baseline) {
        return lintMode == LintMode.OFF
                ? null
                : new LintBeforeFirstMigration(
                        name(),
                        context,
                        baseline == null ? null : MigrationVersion.fromVersion(baseline),
                        lintMode,
                        lintSettings);
    }

    private static Callback[] callbacks(Callback watch, Callback lint) {
        return lint == null ? new Callback[] {watch} : new Callback[] {watch, lint};
    }

    /** A lint refusal comes out of Flyway wrapped or not; anything else is Flyway's failure. */
    private TaskResult refusedOrThrow(RuntimeException e, LockWaits waits, TaskContext context) {
        LintBeforeFirstMigration.Refused refused = Causes.find(e, LintBeforeFirstMigration.Refused.class);
        if (refused != null) {
            return refusal(refused.report());
        }
        RunnerException runner = Causes.find(e, RunnerException.class);
        if (runner != null) {
            throw runner;
        }
        if (e instanceof FlywayException flyway) {
            throw FlywayFailures.classify(name(), flyway, waits.lastWait(), context);
        }
        throw e;
    }

    /** Status refused: the runner reports it and exits 4 with its first line (TaskRunner). */
    private TaskResult refusal(LintReport lint) {
        List<String> lines = new ArrayList<>();
        lines.add(name() + ": refused by lint, nothing applied: " + lint.summary() + " in the pending migrations ("
                + lint.errorList() + "); fix them, allow one with a -- db-runner:allow RULE: reason comment in the"
                + " migration, or run with --lint warn");
        lines.add(lint.headline("lint"));
        lines.addAll(lint.lines());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("migrations_applied", 0);
        details.put("lint", lint.details());
        return new TaskResult(name(), TaskStatus.REFUSED, details, lines);
    }

    /** The lint's lines before migrate's own, its data under "lint". */
    private TaskResult withLintReport(TaskResult result, LintReport lint) {
        if (lint == null) {
            return result;
        }
        List<String> lines = new ArrayList<>();
        if (lint.pendingMigrations() > 0) {
            lines.add(lint.headline("lint"));
            lines.addAll(lint.lines());
            if (lint.errors() > 0 && lintMode == LintMode.FAIL) {
                lines.add("lint: a real run would refuse these errors and apply nothing (--lint fail)");
            }
        }
        lines.addAll(result.lines());
        Map<String, Object> details = new LinkedHashMap<>(result.details());
        details.put("lint", lint.details());
        return new TaskResult(result.task(), result.status(), details, lines);
    }

    /** @param adoptedAt the baseline version an adoption records, else null */
    private TaskResult dryRun(Flyway flyway, String adoptedAt, DrizzleAdoption.Plan plan, long started) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        boolean adopting = adoptedAt != null;
        MigrationVersion baseline = adopting ? MigrationVersion.fromVersion(adoptedAt) : null;
        List<Map<String, Object>> pending = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (MigrationInfo m : PendingScripts.above(info.pending(), baseline)) {
            pending.add(migration(m.getVersion(), m.getDescription(), m.getScript(), null));
            lines.add("  " + version(m.getVersion()) + "  " + m.getDescription() + "  (" + m.getScript() + ")");
        }
        String before = adopting
                ? "none (would adopt the schema at version " + adoptedAt + ")"
                : current == null ? "none" : current.getVersion().getVersion();
        Map<String, Object> details = new LinkedHashMap<>();
        if (plan != null) {
            details.put("drizzle", plan.details());
            lines.add(0, "migrate (dry run): " + plan.summary());
        }
        details.put("schema_version", before);
        details.put("pending", pending);
        details.put("total_ms", millisSince(started));
        lines.add(
                plan == null ? 0 : 1,
                pending.isEmpty()
                        ? Wording.prefix(name(), true) + "up to date at schema version " + before
                                + "; nothing would be applied"
                        : Wording.prefix(name(), true) + "schema version " + before + "; would apply "
                                + Wording.count(pending.size(), "migration") + ", applied nothing:");
        return new TaskResult(name(), TaskStatus.DRY_RUN, details, lines);
    }

    private TaskResult report(MigrateResult result, String adoptedAt, DrizzleAdoption.Plan plan, long started) {
        boolean adopted = adoptedAt != null;
        String before = adopted ? adoptedAt : orNone(result.initialSchemaVersion);
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : before;
        List<Map<String, Object>> applied = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        long migrating = 0;
        for (MigrateOutput m : result.migrations) {
            String file =
                    m.filepath == null ? "" : Path.of(m.filepath).getFileName().toString();
            applied.add(migration(m.version, m.description, file, m.executionTime));
            lines.add("  " + (m.version == null || m.version.isEmpty() ? "R" : "V" + m.version) + "  " + m.description
                    + "  (" + file + ")  " + m.executionTime + " ms");
            migrating += m.executionTime;
        }
        long total = millisSince(started);
        Map<String, Object> details = new LinkedHashMap<>();
        if (adopted) {
            details.put("adopted_at_baseline", adoptedAt);
        }
        if (plan != null) {
            details.put("drizzle", plan.details());
        }
        details.put("schema_version_before", before);
        details.put("schema_version_after", after);
        details.put("migrations_applied", applied.size());
        details.put("migrations", applied);
        details.put(LOCK_RETRIES, retried);
        details.put("total_ms", total);
        String adoption = plan != null
                ? "migrate: " + (plan.alreadyAdopted() ? "" : "adopted drizzle's history: ")
                        + plan.summary().replace("baseline Flyway at", "baselined Flyway at")
                : adopted
                        ? "migrate: adopted the existing schema as version " + adoptedAt
                                + " (recorded as the baseline, not run)"
                        : null;
        if (applied.isEmpty()) {
            if (adoption != null) {
                lines.add(adoption);
            }
            lines.add("migrate: up to date at schema version " + after + "; nothing to apply (" + total + " ms)");
            return new TaskResult(name(), adopted ? TaskStatus.SUCCEEDED : TaskStatus.NOTHING_TO_DO, details, lines);
        }
        lines.add(
                0,
                "migrate: schema version " + before + " -> " + after + ", applied "
                        + Wording.count(applied.size(), "migration") + " in " + migrating + " ms:");
        if (adoption != null) {
            lines.add(0, adoption);
        }
        if (retried > 0) {
            lines.add("migrate: tried again " + Wording.count(retried, "time") + " after "
                    + (retried == 1 ? "a lock timeout" : "lock timeouts"));
        }
        lines.add("migrate: total " + total + " ms");
        return new TaskResult(name(), TaskStatus.SUCCEEDED, details, lines);
    }

    private static Map<String, Object> migration(Object version, String description, String file, Integer millis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version == null ? null : version.toString());
        m.put("description", description);
        m.put("file", file);
        if (millis != null) {
            m.put("duration_ms", millis);
        }
        return m;
    }

    private static String version(MigrationVersion version) {
        return version == null ? "R" : "V" + version.getVersion();
    }

    private static String orNone(String version) {
        return version == null || version.isEmpty() ? "none" : version;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
