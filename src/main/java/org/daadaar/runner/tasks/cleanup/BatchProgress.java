package org.daadaar.runner.tasks.cleanup;

import java.time.Duration;

/** Done/total, rate and ETA of a long loop, and its longest step: the longest any row lock was held. */
final class BatchProgress {
    private final long total;
    private final long startNanos;
    private long done;
    private int batches;
    private long longestBatchNanos;

    BatchProgress(long total, long startNanos) {
        this.total = total;
        this.startNanos = startNanos;
    }

    void batchDone(long rows, long batchStartNanos, long nowNanos) {
        done += rows;
        batches++;
        longestBatchNanos = Math.max(longestBatchNanos, nowNanos - batchStartNanos);
    }

    long done() {
        return done;
    }

    int batches() {
        return batches;
    }

    long longestBatchMillis() {
        return Duration.ofNanos(longestBatchNanos).toMillis();
    }

    long perSecond(long nowNanos) {
        long elapsed = Math.max(1, nowNanos - startNanos);
        return Math.round(done * 1e9 / elapsed);
    }

    /** Such as "1500/10000 users (15%), 2400 users/s, ETA 4 s". */
    String line(String unit, long nowNanos) {
        long rate = perSecond(nowNanos);
        String eta = rate == 0 ? "unknown" : formatSeconds((total - done + rate - 1) / rate);
        long percent = total == 0 ? 100 : done * 100 / total;
        return done + "/" + total + " " + unit + " (" + percent + "%), " + rate + " " + unit + "/s, ETA " + eta;
    }

    private static String formatSeconds(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
