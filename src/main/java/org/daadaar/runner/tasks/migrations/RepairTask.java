package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskContext;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.daadaar.runner.tasks.Wording;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Flyway's repair behind the runner's guards (its advisory lock against a second repair, an audit
 * row, --dry-run): removes the history rows of failed migrations, so that migrate runs the fixed
 * file again, and realigns descriptions and types with the files. A checksum that differs is
 * realigned only for a version named with --accept-checksum, so that drift is never blessed by
 * accident: any other is refused (exit 4) before anything changes. See {@link RepairPlan} for
 * what is planned and {@link RepairWriter} for why the runner writes the plan itself.
 */
public final class RepairTask implements Task {
    private static final Pattern VERSION = Pattern.compile("\\d+([._]\\d+)*");

    private final MigrationSource source;
    private final List<String> acceptChecksums;
    private final Set<MigrationVersion> accepted;

    private RepairTask(MigrationSource source, List<String> acceptChecksums) {
        this.source = requireNonNull(source, "source");
        this.acceptChecksums = List.copyOf(acceptChecksums);
        this.accepted = acceptChecksums.stream()
                .map(MigrationVersion::fromVersion)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** @param acceptChecksums versions as info prints them (12, 1.2), whose changed file is accepted */
    public static RepairTask of(MigrationSource source, List<String> acceptChecksums) {
        List<String> versions = acceptChecksums == null ? List.of() : acceptChecksums;
        for (String version : versions) {
            if (version == null || !VERSION.matcher(version).matches()) {
                throw RunnerException.badInput("--accept-checksum must be a version as info prints it, such as 12 or"
                        + " 1.2 (was '" + version + "')");
            }
        }
        return new RepairTask(source, versions);
    }

    @Override
    public String name() {
        return "repair";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (!source.isPackaged()) {
            p.put("locations", source.locations());
        }
        if (!acceptChecksums.isEmpty()) {
            p.put("accept_checksum", acceptChecksums);
        }
        return p;
    }

    @Override
    public TaskResult run(TaskContext context) throws SQLException {
        boolean dryRun = context.dryRun();
        if (!DrizzleAdoption.flywayHistory(context.dataSource()).exists()) {
            checkAcceptedAreDrift(List.of(), List.of());
            return new TaskResult(
                    name(),
                    dryRun ? TaskStatus.DRY_RUN : TaskStatus.NOTHING_TO_DO,
                    Map.of("changes", List.of()),
                    List.of(Wording.prefix(name(), dryRun) + "no " + FlywaySetup.HISTORY_TABLE
                            + " table, so nothing to repair"));
        }
        RepairPlan plan;
        try {
            MigrationInfoService info =
                    FlywaySetup.load(FlywaySetup.configure(context, source)).info();
            plan = RepairPlan.of(info, accepted);
        } catch (FlywayException e) {
            throw FlywayFailures.classify(name(), e, Optional.empty(), context);
        }
        checkAcceptedAreDrift(plan.changes(), plan.unaccepted());
        if (!plan.unaccepted().isEmpty()) {
            throw RunnerException.guardRefused("repair refused, nothing changed: "
                    + plan.unaccepted().stream()
                            .map(change -> change.what() + ": checksum " + change.appliedChecksum() + " applied, "
                                    + change.fileChecksum() + " in the file, which changed after it was applied")
                            .collect(Collectors.joining("; "))
                    + ". Restore each file as it was applied (and put the change in a new migration), or accept it"
                    + " as it is now with "
                    + plan.unaccepted().stream()
                            .map(change -> "--accept-checksum " + change.version())
                            .collect(Collectors.joining(" ")));
        }
        if (!dryRun && !plan.changes().isEmpty()) {
            RepairWriter.apply(context.dataSource(), plan.changes());
        }
        return report(plan, invalidIndexes(context), dryRun);
    }

    /** A version named with --accept-checksum whose checksum does not differ is a typo, or a stale command. */
    private void checkAcceptedAreDrift(List<RepairPlan.Change> changes, List<RepairPlan.Change> unaccepted) {
        Set<MigrationVersion> drifted = new LinkedHashSet<>();
        for (List<RepairPlan.Change> list : List.of(changes, unaccepted)) {
            list.stream()
                    .filter(change -> change.version() != null && change.checksumDiffers())
                    .forEach(change -> drifted.add(MigrationVersion.fromVersion(change.version())));
        }
        List<String> stray = accepted.stream()
                .filter(version -> !drifted.contains(version))
                .map(MigrationVersion::getVersion)
                .toList();
        if (!stray.isEmpty()) {
            throw RunnerException.badInput("--accept-checksum " + String.join(", ", stray) + ": no applied migration"
                    + " of that version has a checksum that differs from its file, so there is nothing to accept;"
                    + " check the version as info prints it (nothing was changed)");
        }
    }

    private TaskResult report(RepairPlan plan, List<String> invalidIndexes, boolean dryRun) {
        String prefix = Wording.prefix(name(), dryRun);
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> changes = new ArrayList<>();
        long removed = plan.changes().stream()
                .filter(change -> change.kind() == RepairPlan.Kind.REMOVE_FAILED)
                .count();
        long realigned = plan.changes().size() - removed;
        if (plan.changes().isEmpty()) {
            lines.add(prefix + "the history matches the files; nothing to repair");
        } else {
            List<String> done = new ArrayList<>();
            if (removed > 0) {
                done.add(Wording.did(dryRun, "removed", "remove") + " " + Wording.count(removed, "failed row"));
            }
            if (realigned > 0) {
                done.add(Wording.did(dryRun, "realigned", "realign") + " " + Wording.count(realigned, "row"));
            }
            lines.add(prefix + String.join(" and ", done) + " in " + FlywaySetup.HISTORY_TABLE + ":");
        }
        for (RepairPlan.Change change : plan.changes()) {
            lines.add("  " + change.what() + ": " + (dryRun ? "would " : "") + change.action());
            changes.add(change.details());
        }
        if (removed > 0) {
            lines.add(prefix + "a failed migration that ran outside a transaction may have left part of its work"
                    + " behind; make its file safe to run again (if not exists, drop index concurrently if exists)"
                    + " before migrate runs it");
        }
        if (!invalidIndexes.isEmpty()) {
            lines.add(prefix + "INVALID " + (invalidIndexes.size() == 1 ? "index" : "indexes") + " left by a failed"
                    + " concurrent build: " + String.join(", ", invalidIndexes)
                    + "; drop each (drop index concurrently) or let the fixed migration do it");
        }
        if (!plan.withoutFile().isEmpty()) {
            lines.add(prefix + "left alone: " + String.join(", ", plan.withoutFile()) + " (applied, but no file in"
                    + " the given locations; give repair the --locations that migrate uses)");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("removed_failed", removed);
        details.put("realigned", realigned);
        details.put("changes", changes);
        details.put("invalid_indexes", invalidIndexes);
        details.put("without_file", plan.withoutFile());
        TaskStatus status = dryRun
                ? TaskStatus.DRY_RUN
                : plan.changes().isEmpty() ? TaskStatus.NOTHING_TO_DO : TaskStatus.SUCCEEDED;
        return new TaskResult(name(), status, details, lines);
    }

    /** Indexes in the migrations' schema that a failed CREATE INDEX CONCURRENTLY left INVALID. */
    private static List<String> invalidIndexes(TaskContext context) throws SQLException {
        try (Connection c = context.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        """
                        select c.relname from pg_index i
                        join pg_class c on c.oid = i.indexrelid
                        where not i.indisvalid and c.relnamespace = current_schema()::regnamespace
                        order by c.relname
                        """)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
