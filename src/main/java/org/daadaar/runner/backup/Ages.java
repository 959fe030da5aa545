package org.daadaar.runner.backup;

import java.time.Duration;

/** 42s, 3m 05s, 1h 02m, 2d 03h: a backup's age in words. */
final class Ages {
    private Ages() {}

    static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
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
