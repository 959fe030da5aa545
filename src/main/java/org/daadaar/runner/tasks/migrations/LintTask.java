package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.daadaar.runner.tasks.ReadOnlyTask;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.lint.LintReport;
import org.daadaar.runner.tasks.lint.LintSettings;
import org.daadaar.runner.tasks.lint.Linter;
import org.daadaar.runner.tasks.lint.PendingScript;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lint: the pending migrations checked against the live database, the same check migrate runs
 * before it applies anything. Reads only. Errors are a guard's refusal (exit 4), with the report.
 */
public final class LintTask implements ReadOnlyTask {
    private static final Logger log = LoggerFactory.getLogger(LintTask.class);

    private final MigrationSource source;
    private final LintSettings settings;

    public LintTask(MigrationSource source, LintSettings settings) {
        this.source = requireNonNull(source, "source");
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return "lint";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>(settings.parameters());
        if (!source.isPackaged()) {
            p.put("locations", source.locations());
        }
        return p;
    }

    @Override
    public TaskResult run(TaskContext context) throws SQLException {
        FluentConfiguration config = FlywaySetup.configure(context, source);
        ForeignSchema.State schema = ForeignSchema.inspect(context.dataSource());
        boolean noHistory = !schema.historyExists();
        String foreign = schema.refusal();
        List<EmptyDatabaseMigrate.Script> whole = null;
        if (source.drizzle() != null && foreign == null && noHistory) {
            // As migrate decides it (MigrateTask.run): a drizzle folder on an empty database runs as
            // one transaction, its files sent whole when nothing in them needs Flyway's executor.
            config.group(true);
            whole = EmptyDatabaseMigrate.sendable(source.drizzle());
        }
        LintReport report = whole != null
                ? check(name(), context, PendingScripts.wholeFiles(whole), settings)
                : check(name(), context, FlywaySetup.load(config), null, settings);
        List<String> lines = new ArrayList<>();
        lines.add(report.headline(name()));
        lines.addAll(report.lines());
        if (foreign != null) {
            // migrate lints only above the baseline it is given (--baseline-version, --adopt-drizzle);
            // lint has none, so it says that it checked every migration.
            lines.add(name() + ": the schema holds tables but no Flyway history, so every migration was linted as"
                    + " pending; migrate adopts such a schema only with --baseline-version V or --adopt-drizzle, and"
                    + " then lints only the migrations above the baseline");
        }
        TaskStatus status = report.errors() > 0 ? TaskStatus.REFUSED : TaskStatus.SUCCEEDED;
        if (report.errors() > 0) {
            lines.add(0, name() + ": " + report.summary() + " in the pending migrations: " + report.errorList());
        }
        return new TaskResult(name(), status, report.details(), lines);
    }

    /** The check itself, for lint and for migrate: Flyway's pending scripts against the live catalog. */
    static LintReport check(
            String task, TaskContext context, Flyway flyway, MigrationVersion baseline, LintSettings settings)
            throws SQLException {
        try {
            return check(task, context, PendingScripts.of(flyway, baseline), settings);
        } catch (FlywayException e) {
            throw FlywayFailures.classify(task, e, Optional.empty(), context);
        }
    }

    /** The check of scripts read already (the empty-database shortcut's whole files). */
    static LintReport check(String task, TaskContext context, List<PendingScript> scripts, LintSettings settings)
            throws SQLException {
        long started = System.nanoTime();
        LintReport report = new Linter(settings).lint(context.dataSource(), scripts);
        log.debug(
                "{}: lint of {} pending migrations took {} ms",
                task,
                report.pendingMigrations(),
                (System.nanoTime() - started) / 1_000_000);
        return report;
    }
}
