package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A cleanup whose connection is killed in the middle of a batch. To kill it at a known point, the
 * test holds a row lock on one media row of a user in the third batch: the runner commits two
 * batches, deletes the third batch's reports, then waits on that row inside its third transaction.
 * The test sees it waiting and terminates its backend.
 */
class CleanupInterruptedTest {
    private static final Sql db = Sql.freshWithSchema(CleanupInterruptedTest.class);

    @Test
    void a_connection_killed_mid_batch_loses_no_batch_half_way_and_a_rerun_finishes() throws Exception {
        db.exec(
                """
                insert into users (email) select 'real' || i || '@gmail.com' from generate_series(1, 10) i;
                insert into users (email) select 'test' || i || '@example.com' from generate_series(1, 40) i;
                insert into sessions (user_id) select id from users;
                insert into reports (submitted_by_user_id, title) select id, 'r' from users;
                -- every user votes on a real user's report, so no cascade reaches a user who is kept
                insert into votes (report_id, user_id)
                    select r.id, u.id from users u join reports r on r.submitted_by_user_id = u.id % 10 + 1;
                insert into media (report_id, uploaded_by_user_id) select id, submitted_by_user_id from reports;
                """);
        String victim = db.one("select id from users where email like 'test%' order by id offset 24 limit 1");

        CliRun killed;
        try (Connection holder = TestDatabase.connect(db.url());
                Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("select * from media where report_id in (select id from reports where submitted_by_user_id = "
                    + victim + ") for update");
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                    () -> db.cli("--lock-timeout", "60s", "cleanup-test-users", "--batch-size", "10"));
            terminateWhenWaitingOnALock();
            killed = run.get(60, TimeUnit.SECONDS);
            holder.rollback();
        }

        assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(killed.err())
                .as("the error tells the operator what stays done")
                .contains("the 2 batch(es) committed before it stay done", "a rerun finishes the rest");
        assertThat(db.count("select count(*) from users where email like 'test%'"))
                .as("two whole batches deleted, the third rolled back")
                .isEqualTo(20);
        assertThat(
                        db.count(
                                """
                select count(*) from users u
                where exists (select 1 from sessions s where s.user_id = u.id)
                  and exists (select 1 from reports r join media m on m.report_id = r.id where r.submitted_by_user_id = u.id)
                  and exists (select 1 from votes v where v.user_id = u.id)
                """))
                .as("every user left still has all that belongs to them")
                .isEqualTo(30);
        assertThat(db.one("select status || ' ' || (counts->'deleted'->>'users') || ' ' || (counts->>'batches')"
                        + " from db_runner.audit"))
                .isEqualTo("failed 20 2");

        CliRun rerun = db.cli("cleanup-test-users", "--batch-size", "10");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("deleted 20 users");
        assertThat(db.count("select count(*) from users")).isEqualTo(10);
        assertThat(db.count("select count(*) from media")).isEqualTo(10);
    }

    /** From a connection of its own in autocommit: pg_stat_activity is a snapshot per transaction. */
    private static void terminateWhenWaitingOnALock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection watcher = TestDatabase.connect(db.url());
                    Statement st = watcher.createStatement();
                    ResultSet rs = st.executeQuery(
                            """
                    select pg_terminate_backend(pid) from pg_stat_activity
                    where application_name = 'db-runner/cleanup-test-users' and wait_event_type = 'Lock'
                    """)) {
                if (rs.next()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the cleanup never waited on the held row");
    }
}
