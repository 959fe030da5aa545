package org.daadaar.runner.tasks.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.daadaar.runner.tasks.Wording;

/** The findings of one lint, as lines for people and as data for --output json and the audit row. */
public final class LintReport {
    private final LintSettings settings;
    private final int scripts;
    private final int statements;
    private final List<Finding> findings;

    LintReport(LintSettings settings, int scripts, int statements, List<Finding> findings) {
        this.settings = settings;
        this.scripts = scripts;
        this.statements = statements;
        this.findings = List.copyOf(findings);
    }

    public int pendingMigrations() {
        return scripts;
    }

    public long errors() {
        return count(Severity.ERROR);
    }

    public long warnings() {
        return count(Severity.WARNING);
    }

    private long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** "2 errors, 1 warning, 1 allowed, 1 not checked", or "no findings". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        add(parts, errors(), "error");
        add(parts, warnings(), "warning");
        long allowed = count(Severity.ALLOWED);
        if (allowed > 0) {
            parts.add(allowed + " allowed");
        }
        long notChecked = count(Severity.NOT_CHECKED);
        if (notChecked > 0) {
            parts.add(notChecked + " not checked");
        }
        return parts.isEmpty() ? "no findings" : String.join(", ", parts);
    }

    private static void add(List<String> parts, long n, String noun) {
        if (n > 0) {
            parts.add(Wording.count(n, noun));
        }
    }

    /** The first line: what was read, what was found, and the threshold it was judged by. */
    public String headline(String task) {
        return task + ": " + Wording.count(scripts, "pending migration") + ", " + Wording.count(statements, "statement")
                + ": " + summary() + " (a big table: " + HoldEstimate.count(settings.bigRows()) + " estimated rows or "
                + settings.bigMegabytes() + " MB)";
    }

    /** The errors, each as FILE:LINE rule (table), for the one error line of a refusal. */
    public String errorList() {
        return findings.stream()
                .filter(f -> f.severity() == Severity.ERROR)
                .map(f -> f.file() + ":" + f.line() + " " + f.rule().id()
                        + (f.table() == null ? "" : " (" + f.table().name() + ")"))
                .collect(Collectors.joining("; "));
    }

    /** Each finding: a line with where and what, and indented lines for the table, the lock and the fix. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Finding f : findings) {
            lines.add("  " + f.severity().word().toUpperCase() + " " + f.file() + (f.line() > 0 ? ":" + f.line() : "")
                    + " " + f.rule().id() + ": " + f.problem());
            if (f.statement() != null) {
                lines.add("      statement: " + f.statement());
            }
            if (f.table() != null) {
                lines.add("      table " + f.table().name() + ": " + HoldEstimate.rows(f.table()) + ", "
                        + HoldEstimate.size(f.table().totalBytes()) + " with its indexes");
            }
            if (f.lock() != null) {
                lines.add("      lock: " + f.lock() + (f.held() == null ? "" : ", " + f.held()));
            }
            if (f.allowedBecause() != null) {
                lines.add("      allowed: " + f.allowedBecause());
            } else if (f.fix() != null) {
                lines.add("      safe way: " + f.fix());
            }
        }
        return lines;
    }

    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pending_migrations", scripts);
        d.put("statements", statements);
        d.put("errors", errors());
        d.put("warnings", warnings());
        d.put("allowed", count(Severity.ALLOWED));
        d.put("not_checked", count(Severity.NOT_CHECKED));
        d.put("settings", settings.parameters());
        d.put("hold_estimate_basis", "bytes to read or write at an assumed 100 MB/s");
        d.put("findings", findings.stream().map(Finding::details).toList());
        return d;
    }
}
