package org.daadaar.runner.cli;

import org.daadaar.runner.tasks.lint.LintSettings;
import picocli.CommandLine.Option;

/** The linter's thresholds and --allow-destructive, shared by lint and migrate so both judge alike. */
final class LintOptions {
    @Option(
            names = "--big-table-rows",
            paramLabel = "N",
            description = "A table counts as big from N estimated rows (pg_class.reltuples; default "
                    + LintSettings.DEFAULT_BIG_ROWS + ").")
    long bigRows = LintSettings.DEFAULT_BIG_ROWS;

    @Option(
            names = "--big-table-mb",
            paramLabel = "MB",
            description = "... or from MB megabytes of table, indexes and TOAST (default "
                    + LintSettings.DEFAULT_BIG_MEGABYTES + ").")
    long bigMegabytes = LintSettings.DEFAULT_BIG_MEGABYTES;

    @Option(
            names = "--allow-destructive",
            description = "Let DROP TABLE, DROP COLUMN and TRUNCATE of existing tables through (shown as allowed).")
    boolean allowDestructive;

    LintSettings settings() {
        return new LintSettings(bigRows, bigMegabytes, allowDestructive);
    }
}
