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
import org.daadaar.runner.tasks.Wording;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/** Every migration, applied or not: version, description, type, state, installed-on, file. Reads only. */
public final class InfoTask implements ReadOnlyTask {
    private static final List<String> COLUMNS =
            List.of("version", "description", "type", "state", "installed_on", "file");

    private final MigrationSource source;

    public InfoTask(MigrationSource source) {
        this.source = requireNonNull(source, "source");
    }

    @Override
    public String name() {
        return "info";
    }

    @Override
    public TaskResult run(TaskContext context) throws SQLException {
        MigrationInfoService info;
        Optional<String> drizzle;
        try {
            Flyway flyway = FlywaySetup.load(FlywaySetup.configure(context, source));
            info = flyway.info();
            drizzle = DrizzleHint.of(flyway, info, source, context.dataSource());
        } catch (FlywayException e) {
            throw FlywayFailures.classify(name(), e, Optional.empty(), context);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MigrationInfo m : info.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", m.getVersion() == null ? "" : m.getVersion().getVersion());
            row.put("description", m.getDescription());
            row.put("type", m.getType() == null ? "" : m.getType().name());
            row.put("state", m.getState().getDisplayName());
            row.put(
                    "installed_on",
                    m.getInstalledOn() == null
                            ? ""
                            : m.getInstalledOn().toInstant().toString());
            row.put("file", m.getScript());
            rows.add(row);
        }
        MigrationInfo current = info.current();
        String version = current == null || current.getVersion() == null
                ? "none"
                : current.getVersion().getVersion();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("schema_version", version);
        details.put("pending", info.pending().length);
        details.put("migrations", rows);
        List<String> lines = new ArrayList<>();
        lines.add("info: schema version " + version + ", " + Wording.count(rows.size(), "migration") + ", "
                + info.pending().length + " pending");
        drizzle.ifPresent(hint -> {
            lines.add(hint);
            details.put("drizzle", hint);
        });
        lines.addAll(table(rows));
        return new TaskResult(name(), TaskStatus.SUCCEEDED, details, lines);
    }

    private static List<String> table(List<Map<String, Object>> rows) {
        int[] widths = new int[COLUMNS.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = COLUMNS.get(i).length();
            for (Map<String, Object> row : rows) {
                widths[i] = Math.max(
                        widths[i], String.valueOf(row.get(COLUMNS.get(i))).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(row(widths, COLUMNS.stream().map(c -> c.replace('_', ' ')).toList()));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append(rule.isEmpty() ? "" : "-+-").append("-".repeat(width));
        }
        lines.add(rule.toString());
        for (Map<String, Object> row : rows) {
            lines.add(row(
                    widths,
                    COLUMNS.stream().map(c -> String.valueOf(row.get(c))).toList()));
        }
        return lines;
    }

    private static String row(int[] widths, List<String> cells) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                s.append(" | ");
            }
            s.append(String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        return s.toString().stripTrailing();
    }
}
