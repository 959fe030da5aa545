package org.daadaar.runner.tasks.lint;

import java.util.Locale;
import org.daadaar.runner.RunnerException;

/** What migrate does with the linter's findings before it applies anything (--lint). */
public enum LintMode {
    /** Errors refuse the run (exit 4) and nothing is applied; warnings are shown. */
    FAIL,
    /** Everything is shown and the migrations are applied. */
    WARN,
    /** No lint at all. */
    OFF;

    public static LintMode parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RunnerException.badInput("--lint must be fail, warn or off (was '" + value + "')");
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
