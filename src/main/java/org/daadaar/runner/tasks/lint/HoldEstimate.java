package org.daadaar.runner.tasks.lint;

import java.util.Locale;

/**
 * How long a lock would be held, in round figures, from the table's live size. The basis, stated
 * in every estimate: the bytes the statement must read or write at an assumed 100 MB/s (an RDS
 * gp3 volume's baseline throughput is 125 MB/s; sorting, WAL and index builds make it slower,
 * a warm cache faster). Right to a factor of a few, which is what deciding needs.
 */
final class HoldEstimate {
    static final long BYTES_PER_SECOND = 100L * 1024 * 1024;

    private HoldEstimate() {}

    /** @param work what is done while the lock is held, e.g. "the whole index build" */
    static String of(String work, LiveCatalog.Table table, long bytes) {
        return "for " + work + " over " + rows(table) + " (" + size(bytes) + "): " + duration(bytes)
                + " at an assumed 100 MB/s";
    }

    static String rows(LiveCatalog.Table table) {
        return table.rows() < 0 ? "an unknown number of rows (never analyzed)" : "~" + count(table.rows()) + " rows";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, bytes / 1024) + " kB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return bytes / (1024 * 1024) + " MB";
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }

    static String duration(long bytes) {
        long seconds = bytes / BYTES_PER_SECOND;
        if (seconds < 1) {
            return "under a second";
        }
        if (seconds < 120) {
            return "about " + seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return "about " + seconds / 60 + " min";
        }
        return "about " + seconds / 3600 + " h";
    }
}
