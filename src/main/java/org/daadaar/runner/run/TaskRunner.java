package org.daadaar.runner.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.backup.BackupRequest;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.db.AdvisoryLock;
import org.daadaar.runner.db.AuditLog;
import org.daadaar.runner.db.ConnectionFailures;
import org.daadaar.runner.db.Pool;
import org.daadaar.runner.db.RunnerSchema;
import org.daadaar.runner.doctor.Check;
import org.daadaar.runner.doctor.Doctor;
import org.daadaar.runner.doctor.DoctorReport;
import org.daadaar.runner.local.LocalDatabase;
import org.daadaar.runner.output.Redactor;
import org.daadaar.runner.output.Reporter;
import org.daadaar.runner.secrets.DatabaseLocator;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.daadaar.runner.tasks.migrations.PendingMigrations;
import org.daadaar.runner.tls.CryptoWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one call in order over one pool: find the database, decide TLS, connect, run,
 * report. The first failure stops the rest; its exception carries the exit code.
 */
public final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final RunOptions options;
    private final Map<String, String> env;
    private final Reporter reporter;
    private final Redactor redactor;
    private final SslPolicy sslPolicy;

    public TaskRunner(
            RunOptions options, Map<String, String> env, Reporter reporter, Redactor redactor, SslPolicy sslPolicy) {
        this.options = requireNonNull(options, "options");
        this.env = Map.copyOf(env);
        this.reporter = requireNonNull(reporter, "reporter");
        this.redactor = requireNonNull(redactor, "redactor");
        this.sslPolicy = requireNonNull(sslPolicy, "sslPolicy");
    }

    public int run(List<Task> tasks) {
        DatabaseLocator locator = options.locator(env, redactor);
        if (!options.local()) {
            locator.validate();
        }
        String applicationName = "db-runner/" + tasks.stream().map(Task::name).collect(Collectors.joining("+"));
        try (StopOnSigterm stop = StopOnSigterm.install()) {
            if (options.local()) {
                try (LocalDatabase local = LocalDatabase.start(Map.of())) {
                    log.info("Local database ready ({})", local.kind());
                    runOn(local.url(), null, applicationName, tasks, stop);
                    if (options.keep()) {
                        keepRunning(local, stop);
                    }
                }
            } else {
                try (locator) {
                    runOn(locator.locate(), locator, applicationName, tasks, stop);
                }
            }
        }
        return ExitCode.OK;
    }

    /** @param backup migrate's backup options, for the RDS checks; null for none */
    public int doctor(BackupRequest backup) {
        List<Check> checks = new Doctor(options, env, sslPolicy, redactor, this::pendingMigrations, backup).examine();
        reporter.report(DoctorReport.toResult(checks));
        return DoctorReport.exitCode(checks);
    }

    private List<String> pendingMigrations(ConnectionSettings settings) {
        try (Pool pool = Pool.open(settings)) {
            return PendingMigrations.of(new TaskContext(pool.dataSource(), settings, false, options.lockWait(), env));
        }
    }

    private void runOn(
            DatabaseUrl url, DatabaseLocator locator, String applicationName, List<Task> tasks, StopOnSigterm stop) {
        ConnectionSettings settings =
                options.connectionSettings(url, sslPolicy.decide(url, options.tls()), applicationName, env, redactor);
        if (!settings.tls().mode().mayBePlaintext()) {
            CryptoWarmup.start(); // the handshake's crypto, compiled on the other core meanwhile
        }
        log.info(
                "Connecting to {} (sslmode={}{})",
                url.masked(),
                settings.tls().mode().value(),
                settings.iamLogin() == null ? "" : ", " + settings.iamLogin());
        if (!settings.stallBounds().readLimited()) {
            log.warn("--statement-timeout 0: reads from the database have no time limit, so a stalled network is"
                    + " noticed only by TCP keepalive or the build's timeout");
        }
        try (Pool pool = connect(settings, locator)) {
            stop.watch(pool);
            TaskContext context = new TaskContext(
                    pool.dataSource(), settings, options.dryRun(), options.lockWait(), env, stop::requested);
            boolean recorded = prepareAudit(tasks, context);
            for (Task task : tasks) {
                runOne(task, context, stop, recorded);
            }
        } finally {
            stop.watch(null);
        }
    }

    /**
     * Brings the runner's own schema up to date before the first changing task, whatever
     * --locations says, so that every changing run is recorded, migrate's first one included.
     * Whether the rows are written: not with --no-audit, nor in a dry run on a database whose
     * runner schema is not set up (a dry run changes nothing, not even that).
     */
    private boolean prepareAudit(List<Task> tasks, TaskContext context) {
        List<String> changing =
                tasks.stream().filter(Task::audited).map(Task::name).toList();
        if (changing.isEmpty()) {
            return false;
        }
        if (options.noAudit()) {
            log.warn(
                    "--no-audit: {} run without a record in {}", String.join(", ", changing), RunnerSchema.AUDIT_TABLE);
            return false;
        }
        if (context.dryRun()) {
            String notReady = RunnerSchema.notReadyBecause(context.dataSource());
            if (notReady != null) {
                log.warn("dry run: {}; this dry run is not recorded", notReady);
            }
            return notReady == null;
        }
        RunnerSchema.Outcome outcome = RunnerSchema.bringUpToDate(
                context.dataSource(), options.lockWait(), context.settings().connectTimeout());
        if (outcome.movedFrom() != null) {
            String line = "moved " + outcome.movedRows() + " audit row" + (outcome.movedRows() == 1 ? "" : "s")
                    + " from " + outcome.movedFrom() + " to " + RunnerSchema.AUDIT_TABLE;
            log.info(line);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("moved_audit_rows", outcome.movedRows());
            details.put("moved_from", outcome.movedFrom());
            reporter.report(new TaskResult(RunnerSchema.SCHEMA, TaskStatus.SUCCEEDED, details, List.of(line)));
        }
        return true;
    }

    private void runOne(Task task, TaskContext context, StopOnSigterm stop, boolean recorded) {
        if (stop.requested()) {
            throw TaskFailures.notStarted(task);
        }
        Instant started = Instant.now();
        log.info("{}starting", Wording.prefix(task.name(), context.dryRun()));
        TaskResult result;
        try (AdvisoryLock lock = task.exclusive()
                ? AdvisoryLock.acquire(
                        context.dataSource(),
                        task.name(),
                        options.lockWait(),
                        context.settings().connectTimeout())
                : null) {
            result = task.run(context);
        } catch (Exception e) {
            RunnerException failure = TaskFailures.namingSnapshot(
                    task,
                    stop.requested()
                            ? TaskFailures.stopped(task, e)
                            : TaskFailures.classify(task, e, context.settings()));
            String message = redactor.mask(failure.getMessage());
            if (recorded) {
                audit(task, context, started, auditStatus(failure), task.progress(), message);
            }
            reporter.failed(task.name(), failure.exitCode(), message);
            throw failure;
        }
        // A guard that refuses with a report (lint's findings): the report is printed, then the run
        // stops with exit 4 and the report's first line as its one error line.
        String refused =
                result.status() == TaskStatus.REFUSED && !result.lines().isEmpty()
                        ? redactor.mask(result.lines().get(0))
                        : null;
        if (recorded) {
            audit(task, context, started, result.status(), result.details(), refused);
        }
        reporter.report(result);
        if (result.status() == TaskStatus.REFUSED) {
            throw RunnerException.guardRefused(refused == null ? task.name() + " refused" : refused);
        }
        log.info(
                "{}: {} in {} ms",
                task.name(),
                result.status().word(),
                Duration.between(started, Instant.now()).toMillis());
    }

    private static TaskStatus auditStatus(RunnerException failure) {
        return switch (failure.exitCode()) {
            case ExitCode.BAD_INPUT, ExitCode.GUARD_REFUSED -> TaskStatus.REFUSED;
            case ExitCode.STOPPED -> TaskStatus.INTERRUPTED;
            default -> TaskStatus.FAILED;
        };
    }

    private void audit(
            Task task,
            TaskContext context,
            Instant started,
            TaskStatus status,
            Map<String, Object> counts,
            String error) {
        if (task.audited()) {
            // The insert may wait for a lock on the table, and for the network like a connection does.
            Duration answerLimit =
                    context.settings().connectTimeout().plus(context.settings().lockTimeout());
            new AuditLog(context.dataSource(), env, answerLimit)
                    .record(new AuditLog.Entry(
                            task.name(),
                            task.parameters(),
                            context.dryRun(),
                            status.word(),
                            counts,
                            error,
                            started,
                            Instant.now()));
        }
    }

    /**
     * A password read from Secrets Manager may have been rotated since the build started: read
     * the secret once more and retry once, instead of failing a build that a rerun would fix.
     */
    private Pool connect(ConnectionSettings settings, DatabaseLocator locator) {
        try {
            return Pool.open(settings);
        } catch (RuntimeException first) {
            if (locator == null || !locator.passwordComesFromSecret() || !ConnectionFailures.isInvalidPassword(first)) {
                throw ConnectionFailures.classify(first, settings);
            }
            log.warn("The database rejected the password from Secrets Manager; reading the secret again in case"
                    + " it was rotated");
            ConnectionSettings fresh = settings.withUrl(locator.locate());
            try {
                return Pool.open(fresh);
            } catch (RuntimeException second) {
                throw ConnectionFailures.classify(second, fresh);
            }
        }
    }

    /** Until Ctrl-C or SIGTERM, after which the local database is stopped as on any other exit. */
    private void keepRunning(LocalDatabase local, StopOnSigterm stop) {
        reporter.line("local database kept running at " + local.url().masked() + " (JDBC: "
                + local.url().jdbcUrl() + "?user=" + local.url().user() + "); press Ctrl-C to stop it");
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
