package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.HeldThirdBatch;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.StallingProxy;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A network that goes silent in the middle of a cleanup batch. The runner reaches the database
 * through a proxy; the test holds a row lock that the third batch waits on, stalls the proxy while
 * the batch waits, then lets the batch go on: the server finishes the statement and sits idle in
 * the transaction, holding the batch's row locks, while its answer never reaches the runner.
 */
class CleanupStalledNetworkTest {
    private static final Sql db = Sql.freshWithSchema(CleanupStalledNetworkTest.class);

    // Short limits so that the test waits seconds: idle_in_transaction_session_timeout is the lock
    // timeout (2 s), the read limit statement_timeout + that + 1 s (5 s); see StallBounds.
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_LIMIT = Duration.ofSeconds(5);

    @Test
    void a_stall_mid_batch_ends_the_run_with_exit_3_in_bounded_time_the_server_rolls_back_and_a_rerun_finishes()
            throws Exception {
        CliRun stalled;
        long stalledAt;
        try (StallingProxy proxy = StallingProxy.to(db.url().host(), db.url().port())) {
            DatabaseUrl viaProxy = new DatabaseUrl(
                    "127.0.0.1",
                    proxy.port(),
                    db.url().database(),
                    db.url().user(),
                    db.url().password(),
                    db.url().properties());
            try (HeldThirdBatch held = HeldThirdBatch.hold(db)) {
                CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run(
                        "--database-url",
                        TestDatabase.cliUrl(viaProxy),
                        "--lock-timeout",
                        LOCK_TIMEOUT.toSeconds() + "s",
                        "--statement-timeout",
                        STATEMENT_TIMEOUT.toSeconds() + "s",
                        "--connect-timeout",
                        Long.toString(CONNECT_TIMEOUT.toSeconds()),
                        "cleanup-test-users",
                        "--batch-size",
                        HeldThirdBatch.BATCH_SIZE));
                held.awaitCleanupWaiting(() -> !run.isDone(), () -> String.valueOf(run.getNow(null)));
                proxy.stall();
                stalledAt = System.nanoTime();
                held.release();
                stalled = run.get(60, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - stalledAt);

            // The read limit to notice; then the unlock of the task's lock (a connect timeout) and the
            // attempt at the audit row (the pool's wait, login timeout + 1 s, and one validation, a
            // connect timeout), plus scheduling slack on a loaded machine.
            Duration unlock = CONNECT_TIMEOUT;
            Duration audit = CONNECT_TIMEOUT.plusSeconds(2).plus(CONNECT_TIMEOUT);
            Duration bound = READ_LIMIT.plus(unlock).plus(audit).plusSeconds(3);
            assertThat(stalled.exitCode()).as(stalled.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(took).as("exit within %s of the stall", bound).isLessThan(bound);
            assertThat(stalled.err())
                    .as("the error says what happened and what stays done")
                    .contains("stopped answering: nothing came back within 5 s")
                    .contains("the 2 batch(es) committed before it stay done", "a rerun finishes the rest");

            // The server freed what the silent runner held while the proxy is still stalled: the
            // batch's transaction was ended by idle_in_transaction_session_timeout.
            awaitNoRunnerTransactionOpen();
            HeldThirdBatch.assertTwoBatchesDone(db);
        }

        HeldThirdBatch.assertRerunFinishes(db);
    }

    /** No runner session in a transaction, and none holding a lock but the task's advisory lock. */
    private static void awaitNoRunnerTransactionOpen() throws Exception {
        HeldThirdBatch.await(
                db,
                "the server ended the runner's idle transaction and freed its row locks",
                """
                select count(*) = 0 from pg_stat_activity a
                where a.application_name = 'db-runner/cleanup-test-users'
                  and (a.state like 'idle in transaction%' or a.backend_xid is not null
                       or exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype <> 'advisory'
                                  and l.locktype <> 'virtualxid'))
                """);
    }
}
