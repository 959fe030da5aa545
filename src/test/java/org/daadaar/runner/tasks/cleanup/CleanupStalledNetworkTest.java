package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
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
        db.exec(
                """
                insert into users (email) select 'real' || i || '@gmail.com' from generate_series(1, 10) i;
                insert into users (email) select 'test' || i || '@example.com' from generate_series(1, 40) i;
                insert into reports (submitted_by_user_id, title) select id, 'r' from users;
                insert into media (report_id, uploaded_by_user_id) select id, submitted_by_user_id from reports;
                """);
        String victim = db.one("select id from users where email like 'test%' order by id offset 24 limit 1");

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
            try (Connection holder = TestDatabase.connect(db.url());
                    Statement st = holder.createStatement()) {
                holder.setAutoCommit(false);
                st.execute("select * from media where report_id in (select id from reports where"
                        + " submitted_by_user_id = " + victim + ") for update");
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
                        "10"));
                awaitRunnerWaitingOnALock();
                proxy.stall();
                stalledAt = System.nanoTime();
                holder.rollback();
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
            assertThat(db.count("select count(*) from users where email like 'test%'"))
                    .as("two whole batches deleted, the third rolled back by the server")
                    .isEqualTo(20);
        }

        CliRun rerun = db.cli("cleanup-test-users", "--batch-size", "10");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("deleted 20 users");
        assertThat(db.count("select count(*) from users")).isEqualTo(10);
    }

    private static void awaitRunnerWaitingOnALock() throws Exception {
        await(
                "the cleanup waits on the held row",
                """
                select count(*) from pg_stat_activity
                where application_name = 'db-runner/cleanup-test-users' and wait_event_type = 'Lock'
                """);
    }

    /** No runner session in a transaction, and none holding a lock but the task's advisory lock. */
    private static void awaitNoRunnerTransactionOpen() throws Exception {
        await(
                "the server ended the runner's idle transaction and freed its row locks",
                """
                select count(*) = 0 from pg_stat_activity a
                where a.application_name = 'db-runner/cleanup-test-users'
                  and (a.state like 'idle in transaction%' or a.backend_xid is not null
                       or exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype <> 'advisory'
                                  and l.locktype <> 'virtualxid'))
                """);
    }

    /** Polls a query that answers true or a count above 0, from autocommit (one snapshot per poll). */
    private static void await(String what, String query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection watcher = TestDatabase.connect(db.url());
                Statement st = watcher.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery(query)) {
                    rs.next();
                    String answer = rs.getString(1);
                    if (answer.equals("t") || !answer.equals("f") && Long.parseLong(answer) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("never happened: " + what);
    }
}
