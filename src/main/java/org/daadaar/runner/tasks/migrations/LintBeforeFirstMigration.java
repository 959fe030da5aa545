package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.lint.LintMode;
import org.daadaar.runner.tasks.lint.LintReport;
import org.daadaar.runner.tasks.lint.LintSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * migrate's lint, run by Flyway itself just before the first pending migration: by then Flyway
 * holds its lock and has validated, and nothing of this run is applied yet. A migrate with nothing
 * pending never gets here, so an up-to-date database pays nothing for the lint (a separate
 * Flyway info pass cost a no-op migrate 80-130 ms). A refusal is thrown out of Flyway as {@link
 * Refused}, which rolls back the migration's transaction before anything ran, and MigrateTask
 * turns it into the refused report.
 */
final class LintBeforeFirstMigration implements Callback {
    private final String task;
    private final TaskContext context;
    private final MigrationVersion baseline;
    private final LintMode mode;
    private final LintSettings settings;
    private LintReport report;

    LintBeforeFirstMigration(
            String task, TaskContext context, MigrationVersion baseline, LintMode mode, LintSettings settings) {
        this.task = requireNonNull(task, "task");
        this.context = requireNonNull(context, "context");
        this.baseline = baseline;
        this.mode = requireNonNull(mode, "mode");
        this.settings = requireNonNull(settings, "settings");
    }

    /** The lint's findings, once the first migration was about to run; else null (nothing was pending). */
    LintReport report() {
        return report;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE && report == null;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context flywayContext) {
        if (report != null) {
            return;
        }
        // A Flyway of migrate's own configuration, copied only now (a copy costs a no-op migrate
        // time), without the callbacks: its info() lists what this migrate is about to apply.
        FluentConfiguration configuration = Flyway.configure(
                        flywayContext.getConfiguration().getClassLoader())
                .configuration(flywayContext.getConfiguration());
        try {
            report = LintTask.check(task, context, FlywaySetup.load(configuration), baseline, settings);
        } catch (SQLException e) {
            throw new IllegalStateException("lint could not read the live catalog: " + e.getMessage(), e);
        }
        if (mode == LintMode.FAIL && report.errors() > 0) {
            throw new Refused(report);
        }
    }

    @Override
    public String getCallbackName() {
        return "db-runner lint";
    }

    /** Carries the report out through Flyway's exceptions. */
    static final class Refused extends RuntimeException {
        private final transient LintReport report;

        Refused(LintReport report) {
            super("lint refused: " + report.summary(), null, false, false);
            this.report = report;
        }

        LintReport report() {
            return report;
        }
    }
}
