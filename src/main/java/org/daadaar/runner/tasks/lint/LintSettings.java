package org.daadaar.runner.tasks.lint;

import java.util.LinkedHashMap;
import java.util.Map;
import org.daadaar.runner.RunnerException;

/**
 * The linter's thresholds and permissions. A table counts as big from {@code bigRows} estimated
 * rows (pg_class.reltuples) or {@code bigMegabytes} of table, indexes and TOAST together.
 */
public record LintSettings(long bigRows, long bigMegabytes, boolean allowDestructive) {
    public static final long DEFAULT_BIG_ROWS = 100_000;
    public static final long DEFAULT_BIG_MEGABYTES = 64;

    public LintSettings {
        if (bigRows < 1) {
            throw RunnerException.badInput("--big-table-rows must be at least 1 (was " + bigRows + ")");
        }
        if (bigMegabytes < 1 || bigMegabytes > 16L * 1024 * 1024) {
            throw RunnerException.badInput(
                    "--big-table-mb must be between 1 and 16777216 (16 TB) (was " + bigMegabytes + ")");
        }
    }

    public static LintSettings defaults() {
        return new LintSettings(DEFAULT_BIG_ROWS, DEFAULT_BIG_MEGABYTES, false);
    }

    long bigBytes() {
        return bigMegabytes * 1024 * 1024;
    }

    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("big_table_rows", bigRows);
        p.put("big_table_mb", bigMegabytes);
        p.put("allow_destructive", allowDestructive);
        return p;
    }
}
