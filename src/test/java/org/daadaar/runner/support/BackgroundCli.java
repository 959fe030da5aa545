package org.daadaar.runner.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.daadaar.runner.cli.Cli;

/**
 * The real command line on a thread of its own, so that a test can watch its log while it runs
 * and act on what it sees (release a lock once the first failure is logged) instead of sleeping.
 */
public final class BackgroundCli {
    private static final long POLL_MILLIS = 10;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private BackgroundCli(Map<String, String> env, String... args) {
        Thread thread = new Thread(
                () -> {
                    try {
                        // As Main runs a call: the command line built for its words (Cli.forCall).
                        exit.complete(Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args));
                    } catch (Throwable t) {
                        exit.completeExceptionally(t);
                    }
                },
                "background-cli");
        thread.setDaemon(true);
        thread.start();
    }

    public static BackgroundCli start(String... args) {
        return new BackgroundCli(Map.of(), args);
    }

    /** Waits until stderr holds {@code text}; fails the test when the run ends or the time is up first. */
    public void awaitLog(String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!err.toString().contains(text)) {
            if (exit.isDone()) {
                throw new AssertionError("the run ended before logging '" + text + "':\n" + finish(Duration.ZERO));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' logged within " + within + "; so far:\n" + err);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The finished run, as {@link CliRun#run} returns it. */
    public CliRun finish(Duration within) {
        try {
            int code = exit.get(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
            return new CliRun(code, out.toString(), err.toString());
        } catch (TimeoutException e) {
            throw new AssertionError("the run did not end within " + within + "; so far:\n" + err, e);
        } catch (ExecutionException e) {
            throw new AssertionError("the run threw", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
