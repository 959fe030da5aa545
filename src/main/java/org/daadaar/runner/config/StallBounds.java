package org.daadaar.runner.config;

import java.time.Duration;

/**
 * How long a runner session may stay silent before either side gives up on the other, so that a
 * network that stalls mid-task ends the run instead of hanging it while the server holds the
 * batch's row locks. Both bounds follow from --lock-timeout and --statement-timeout:
 *
 * <ul>
 *   <li>The server ends a runner session that sits idle inside a transaction for {@link
 *       #idleInTransaction}: lock_timeout, kept between 1 s and 60 s (60 s when lock_timeout is 0).
 *       The runner never waits on anything but the database inside a transaction, so a session
 *       idle there for longer than its own statements would wait for a lock has lost its client;
 *       the server rolls it back and frees its locks.
 *   <li>The runner waits for any one answer at most {@link #read}: statement_timeout plus
 *       idleInTransaction plus 1 s, in whole seconds (pgjdbc's socketTimeout). A statement, lock
 *       waits included, is cancelled by the server at statement_timeout, so the server is never
 *       silent longer than that while it is alive; and by the time the runner gives up, the server
 *       has already rolled the stalled transaction back, so a rerun started at once finds nothing
 *       locked. With statement_timeout 0 (no limit) a statement may legitimately run for hours,
 *       so there is no read limit either: TCP keepalive still notices a peer that is gone, and
 *       the build's timeout (SIGTERM, exit 143) ends the rest.
 * </ul>
 *
 * A migration that raises statement_timeout itself can outlive the read limit; raise
 * --statement-timeout for it instead.
 */
public record StallBounds(Duration idleInTransaction, Duration read) {
    static final Duration MIN_IDLE_IN_TRANSACTION = Duration.ofSeconds(1);
    static final Duration MAX_IDLE_IN_TRANSACTION = Duration.ofSeconds(60);
    private static final Duration READ_SLACK = Duration.ofSeconds(1);

    /**
     * Server-side TCP keepalive (seconds): an idle session whose client vanished, such as the one
     * holding the task's advisory lock, is closed after 30 + 3 x 10 s instead of the operating
     * system's default of two hours and more.
     */
    static final int KEEPALIVE_IDLE_SECONDS = 30;

    static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    static final int KEEPALIVE_COUNT = 3;

    public static StallBounds of(Duration lockTimeout, Duration statementTimeout) {
        Duration idle = lockTimeout.isZero()
                ? MAX_IDLE_IN_TRANSACTION
                : clamp(lockTimeout, MIN_IDLE_IN_TRANSACTION, MAX_IDLE_IN_TRANSACTION);
        Duration read = statementTimeout.isZero()
                ? Duration.ZERO
                : roundUpToSeconds(statementTimeout.plus(idle).plus(READ_SLACK));
        return new StallBounds(idle, read);
    }

    /** Whether reads have a limit at all; see the class comment for statement_timeout 0. */
    public boolean readLimited() {
        return !read.isZero();
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private static Duration roundUpToSeconds(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds);
    }
}
