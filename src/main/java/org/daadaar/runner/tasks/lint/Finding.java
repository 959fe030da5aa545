package org.daadaar.runner.tasks.lint;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing the linter found in one statement: where, which rule, the table and its live size,
 * the lock and how long it would be held, and the safe way to write it. Fields that do not apply
 * are null (a statement not checked has no table).
 */
record Finding(
        String file,
        int line,
        Rule rule,
        Severity severity,
        String statement,
        String problem,
        LiveCatalog.Table table,
        String lock,
        String held,
        String fix,
        String allowedBecause) {
    Finding {
        requireNonNull(file, "file");
        requireNonNull(rule, "rule");
        requireNonNull(severity, "severity");
        requireNonNull(problem, "problem");
    }

    Finding allowed(String because) {
        return new Finding(file, line, rule, Severity.ALLOWED, statement, problem, table, lock, held, fix, because);
    }

    Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", file);
        d.put("line", line);
        d.put("rule", rule.id());
        d.put("severity", severity.word());
        d.put("statement", statement);
        d.put("problem", problem);
        if (table != null) {
            d.put("table", table.name());
            d.put("estimated_rows", table.rows());
            d.put("total_bytes", table.totalBytes());
        }
        d.put("lock", lock);
        d.put("held", held);
        d.put("fix", fix);
        if (allowedBecause != null) {
            d.put("allowed_because", allowedBecause);
        }
        return d;
    }
}
