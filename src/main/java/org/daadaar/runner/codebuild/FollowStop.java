package org.daadaar.runner.codebuild;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Asks a {@link BuildFollower} to stop following, from another thread (Ctrl-C's shutdown hook). */
public final class FollowStop {
    private final CountDownLatch requested = new CountDownLatch(1);

    public void request() {
        requested.countDown();
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits for the interval; true when a stop was asked for meanwhile. */
    boolean sleep(Duration interval) {
        try {
            return requested.await(interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
