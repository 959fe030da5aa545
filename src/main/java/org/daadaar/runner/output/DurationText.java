package org.daadaar.runner.output;

import java.time.Duration;

/** Durations in the runner's lines: a limit as an option takes it, and an age or a wait in words. */
public final class DurationText {
    private DurationText() {}

    /** A limit as an option takes it, in its largest whole unit: 1h, 30m, 7d, 999999999d, 1500ms. */
    public static String optionForm(Duration d) {
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i] && ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** 300ms, 42s, 3m 05s, 1h 02m, 2d 03h: a backup's age or a wait, in words. */
    public static String words(Duration d) {
        if (d.toMillis() < 1000) {
            return Math.max(0, d.toMillis()) + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dd %02dh", s / 86_400, (s % 86_400) / 3600);
    }
}
