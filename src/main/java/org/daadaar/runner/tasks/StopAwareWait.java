package org.daadaar.runner.tasks;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A wait between attempts (a lock retry's backoff, a snapshot's poll) that a SIGTERM ends. The
 * stop cancels only the statements in flight, and there are none while a task waits, so the wait
 * itself looks at the stop flag, in steps of at most 100 ms.
 */
public final class StopAwareWait {
    private static final long STEP_MS = 100;

    private StopAwareWait() {}

    /** @return false when a stop came (or the thread was interrupted) before the time was up */
    public static boolean waitUnlessStopped(Duration delay, BooleanSupplier stopRequested) {
        long deadline = System.nanoTime() + delay.toNanos();
        try {
            for (long left = delay.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                if (stopRequested.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), STEP_MS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopRequested.getAsBoolean();
    }
}
