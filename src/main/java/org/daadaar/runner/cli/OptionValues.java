package org.daadaar.runner.cli;

import java.time.Duration;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.output.DurationText;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Checks on task options that must name where a bad value came from: the flag or its env var. */
final class OptionValues {
    private static final int MAX_DIGITS = 18;

    private OptionValues() {}

    /** The flag when it was given on the command line, else its environment variable. */
    static String source(CommandSpec spec, String option) {
        ParseResult parsed = spec.commandLine().getParseResult();
        boolean onCommandLine = parsed != null && parsed.hasMatchedOption(option);
        String variable = EnvDefaults.VARIABLES.get(option);
        return onCommandLine || variable == null ? option : variable;
    }

    /** A database id: null stays null; anything but a positive integer is bad input naming its source. */
    static Long positiveId(String value, String source) {
        if (value == null) {
            return null;
        }
        String digits = value.strip();
        if (!digits.matches("[0-9]{1," + MAX_DIGITS + "}") || Long.parseLong(digits) < 1) {
            throw RunnerException.badInput(source + " must be a positive integer (was '" + value + "')");
        }
        return Long.parseLong(digits);
    }

    /** A duration no longer than {@code max}, named for the user as {@code shownMax}, such as "24 days". */
    static Duration atMost(Duration value, Duration max, String option, String shownMax) {
        if (value.compareTo(max) > 0) {
            throw RunnerException.badInput(
                    option + " must be at most " + shownMax + " (was " + DurationText.optionForm(value) + ")");
        }
        return value;
    }

    /**
     * --require-backup-within, migrate's and doctor's alike: bounded so that no value overflows the
     * nanosecond clocks that the backup's age is compared with; null when not given.
     */
    static Duration requireBackupWithin(Duration value) {
        return value == null
                ? null
                : between(value, Duration.ofMinutes(1), Duration.ofDays(36500), "--require-backup-within");
    }

    static Duration between(Duration value, Duration min, Duration max, String option) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw RunnerException.badInput(option + " must be between " + DurationText.optionForm(min) + " and "
                    + DurationText.optionForm(max) + " (was " + DurationText.optionForm(value) + ")");
        }
        return value;
    }

    static int inRange(int value, int min, int max, String option) {
        if (value < min || value > max) {
            throw RunnerException.badInput(option + " must be between " + min + " and " + max + " (was " + value + ")");
        }
        return value;
    }
}
