package org.daadaar.runner;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.cli.Cli;

/** The only place that exits the JVM. */
public final class Main {
    /**
     * How long a SIGTERM leaves the run to roll back, write its audit row and say why it stopped
     * before the JVM exits. Kept short: what stops a build may follow SIGTERM with SIGKILL (Docker's
     * default grace is 10 s), and a network that is down must not hold the exit for long.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(8);

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        CountDownLatch finished = new CountDownLatch(1);
        // The JVM exits when its shutdown hooks return, whatever the other threads are doing; this one
        // holds it until the main thread has finished (StopOnSigterm ends the work in flight).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitQuietly(finished), "db-runner-finish"));
        int exitCode = Cli.run(out, err, System.getenv(), args);
        finished.countDown();
        System.exit(exitCode);
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
