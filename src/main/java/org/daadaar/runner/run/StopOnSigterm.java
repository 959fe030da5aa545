package org.daadaar.runner.run;

import java.util.concurrent.CountDownLatch;
import org.daadaar.runner.db.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a SIGTERM does while tasks run (CodeBuild's StopBuild and build timeout send one): a JVM
 * shutdown hook that cancels the statements in flight and closes their connections, so that the
 * server rolls the current transaction back, and leaves the pool open, so that the task thread can
 * write the audit row (status interrupted) before the JVM exits with 143. The hook itself does
 * not wait; {@link Main}'s hook gives the main thread a bounded time to finish. Installed for one
 * run and removed after it, so tests that run the command line in one JVM leave nothing behind.
 */
final class StopOnSigterm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StopOnSigterm.class);

    private final Thread hook = new Thread(this::stop, "db-runner-sigterm");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile Pool pool;

    private StopOnSigterm() {}

    static StopOnSigterm install() {
        StopOnSigterm stop = new StopOnSigterm();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** The pool whose work in flight a stop ends; null once it is closed. */
    void watch(Pool pool) {
        this.pool = pool;
    }

    boolean requested() {
        return requested;
    }

    /** Blocks until a stop is requested: how --local --keep waits for Ctrl-C or SIGTERM. */
    void await() throws InterruptedException {
        stopped.await();
    }

    private void stop() {
        requested = true;
        stopped.countDown();
        Pool current = pool;
        if (current == null) {
            log.info("Stopping (SIGTERM or Ctrl-C)");
            return;
        }
        log.warn("Stopping (SIGTERM or Ctrl-C): cancelling the work in flight; the server rolls back what was not"
                + " committed");
        log.debug("Cancelled the work on {} connection(s) in use", current.interruptInFlight());
    }

    @Override
    public void close() {
        pool = null;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run, which is fine.
        }
    }
}
