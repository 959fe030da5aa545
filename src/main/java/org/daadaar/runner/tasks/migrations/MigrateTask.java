package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.db.LockWaits;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway migrate, the way a careful operator runs it on a live database: refuses a schema that
 * another tool created unless told the version it matches, reports what it applied and how long
 * each migration took, and relies on Flyway's advisory lock (not the runner's) against concurrent
 * runs, so several build containers starting at once are safe.
 */
public final class MigrateTask implements Task {
    private static final Pattern VERSION = Pattern.compile("\\d+([._]\\d+)*");

    private final MigrationSource source;
    private final String target;
    private final String baselineVersion;
    private final DrizzleTable adoptDrizzle;

    private MigrateTask(MigrationSource source, String target, String baselineVersion, DrizzleTable adoptDrizzle) {
        this.source = requireNonNull(source, "source");
        this.target = target;
        this.baselineVersion = baselineVersion;
        this.adoptDrizzle = adoptDrizzle;
    }

    public static MigrateTask of(MigrationSource source, String target, String baselineVersion) {
        return of(source, target, baselineVersion, null);
    }

    /**
     * @param target a version, latest or current; null for latest
     * @param baselineVersion the version an adopted schema matches; null to refuse a foreign schema
     */
    /** @param adoptDrizzle drizzle's history table when adopting a drizzle-managed database, else null */
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
        return new MigrateTask(source, target, baselineVersion, adoptDrizzle);
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
        return p;
    }

    @Override
    public TaskResult run(TaskContext context) throws SQLException {
        long started = System.nanoTime();
        if (adoptDrizzle != null) {
            return adopt(context, started);
        }
        String foreign = ForeignSchema.check(context.dataSource());
        if (foreign != null && baselineVersion == null) {
            throw RunnerException.badInput(foreign);
        }
        FluentConfiguration config = FlywaySetup.configure(context, source);
        if (target != null) {
            config.target(target);
        }
        if (baselineVersion != null) {
            config.baselineVersion(baselineVersion).baselineOnMigrate(true).baselineDescription("adopted by db-runner");
        }
        boolean emptyDrizzleDatabase = source.drizzle() != null
                && foreign == null
                && !DrizzleAdoption.flywayHistory(context.dataSource()).exists();
        if (emptyDrizzleDatabase) {
            // An empty database and a drizzle folder: one transaction for all, as drizzle's own
            // migrator runs them (so every drizzle folder can run that way), one commit instead
            // of one per migration. A failure leaves the database empty again. A database in use
            // (any history) keeps one transaction per migration.
            config.group(true);
        }
        if (context.dryRun()) {
            return dryRun(FlywaySetup.load(config), foreign != null ? baselineVersion : null, null, started);
        }
        try (LockWaits waits = LockWaits.on(context.dataSource())) {
            try {
                // The same single transaction without Flyway's per-statement executor, when nothing
                // can differ from Flyway's own run (see EmptyDatabaseMigrate); else Flyway's.
                MigrateResult fast = emptyDrizzleDatabase && (target == null || target.equals("latest"))
                        ? EmptyDatabaseMigrate.apply(context, config, source.drizzle())
                        : null;
                if (fast != null) {
                    return report(fast, null, null, started);
                }
                Flyway flyway = FlywaySetup.load(config, new WatchLockWaits(waits));
                return report(flyway.migrate(), foreign != null ? baselineVersion : null, null, started);
            } catch (FlywayException e) {
                throw FlywayFailures.classify(name(), e, waits.lastWait(), context);
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
            return dryRun(FlywaySetup.load(config), baseline, plan, started);
        }
        try (LockWaits waits = LockWaits.on(context.dataSource())) {
            Flyway flyway = FlywaySetup.load(config, new WatchLockWaits(waits));
            try {
                if (baseline != null) {
                    flyway.baseline();
                }
                return report(flyway.migrate(), baseline, plan, started);
            } catch (FlywayException e) {
                throw FlywayFailures.classify(name(), e, waits.lastWait(), context);
            }
        }
    }

    /** @param adoptedAt the baseline version an adoption records, else null */
    private TaskResult dryRun(Flyway flyway, String adoptedAt, DrizzleAdoption.Plan plan, long started) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        boolean adopting = adoptedAt != null;
        MigrationVersion baseline = adopting ? MigrationVersion.fromVersion(adoptedAt) : null;
        List<Map<String, Object>> pending = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (MigrationInfo m : info.pending()) {
            if (baseline != null && m.isVersioned() && m.getVersion().compareTo(baseline) <= 0) {
                continue;
            }
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
