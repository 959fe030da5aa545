package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * How often, and after what wait, migrate tries again a transactional migration that lock_timeout
 * cancelled. The wait doubles from {@code base} up to {@code cap}, and each wait is drawn between
 * half of that and all of it ("equal jitter"): never less than half, so the holder gets time to
 * finish, and never in step with other runners that failed at the same moment, so that several
 * build containers do not line up behind the same lock again together.
 *
 * @param retries how many times to try again after the first attempt; 0 never retries
 * @param jitter where the random part of each wait comes from; seeded in tests
 */
public record LockRetries(int retries, Duration base, Duration cap, RandomGenerator jitter) {
    public static final int DEFAULT_RETRIES = 3;
    public static final int MAX_RETRIES = 10;
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration CAP = Duration.ofSeconds(30);

    public LockRetries {
        requireNonNull(base, "base");
        requireNonNull(cap, "cap");
        requireNonNull(jitter, "jitter");
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException(
                    "retries must be between 0 and " + MAX_RETRIES + " (was " + retries + ")");
        }
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap (was " + base + ", " + cap + ")");
        }
    }

    /** {@code retries} tries again, the first after about {@code base}, capped at {@link #CAP} (or base, if longer). */
    public static LockRetries of(int retries, Duration base) {
        return new LockRetries(retries, base, base.compareTo(CAP) > 0 ? base : CAP, new SplittableRandom());
    }

    public static LockRetries none() {
        return of(0, DEFAULT_BASE);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1 (was " + retry + ")");
        }
        long capMillis = cap.toMillis();
        // Doubling stops once the cap is reached, so a large retry number cannot overflow.
        long ceiling = base.toMillis();
        for (int i = 1; i < retry && ceiling < capMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, capMillis);
        long half = ceiling / 2;
        return Duration.ofMillis(half + jitter.nextLong(ceiling - half + 1));
    }
}
