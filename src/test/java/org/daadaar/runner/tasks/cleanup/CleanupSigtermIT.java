package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.RunnerJar;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real runner.jar process in the middle of a cleanup, as CodeBuild's StopBuild or
 * build timeout sends it. The test holds a row lock that the third batch waits on, so the stop
 * comes at a known point: two batches committed, the third in flight.
 */
class CleanupSigtermIT {
    private static final Sql db = Sql.freshWithSchema(CleanupSigtermIT.class);

    @TempDir
    Path dir;

    @Test
    void sigterm_mid_batch_rolls_back_the_batch_records_interrupted_with_the_committed_counts_and_exits_143()
            throws Exception {
        db.exec(
                """
                insert into users (email) select 'real' || i || '@gmail.com' from generate_series(1, 10) i;
                insert into users (email) select 'test' || i || '@example.com' from generate_series(1, 40) i;
                insert into reports (submitted_by_user_id, title) select id, 'r' from users;
                insert into media (report_id, uploaded_by_user_id) select id, submitted_by_user_id from reports;
                """);
        String victim = db.one("select id from users where email like 'test%' order by id offset 24 limit 1");
        Path log = dir.resolve("run.log");

        Process runner;
        long stoppedAt;
        boolean exited;
        try (Connection holder = TestDatabase.connect(db.url());
                Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("select * from media where report_id in (select id from reports where submitted_by_user_id = "
                    + victim + ") for update");
            runner = RunnerJar.process(
                            "--database-url",
                            db.cliUrl(),
                            "--lock-timeout",
                            "60s",
                            "cleanup-test-users",
                            "--batch-size",
                            "10")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitRunnerWaitingOnALock(runner, log);

            runner.destroy(); // SIGTERM on Linux
            stoppedAt = System.nanoTime();
            exited = runner.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                runner.destroyForcibly();
            }
            holder.rollback();
        }
        long tookMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        String output = Files.readString(log);

        assertThat(exited).as("exited after SIGTERM:%n%s", output).isTrue();
        assertThat(runner.exitValue()).as(output).isEqualTo(ExitCode.STOPPED);
        assertThat(tookMillis)
                .as("the stop is bounded (Main's grace is 8 s):%n%s", output)
                .isLessThan(8_000);
        assertThat(output)
                .as("one line says it was stopped and what stays done")
                .contains("stopped (SIGTERM)", "the 2 batch(es) committed before it stay done");
        assertThat(db.one("select status || ' ' || (counts->'deleted'->>'users') || ' ' || (counts->>'batches')"
                        + " from runner_audit"))
                .as("the audit row says interrupted, with what was committed")
                .isEqualTo("interrupted 20 2");
        assertThat(db.count("select count(*) from users where email like 'test%'"))
                .as("two whole batches deleted, the third rolled back")
                .isEqualTo(20);
        assertThat(
                        db.count(
                                "select count(*) from users u where not exists"
                                        + " (select 1 from reports r join media m on m.report_id = r.id where r.submitted_by_user_id = u.id)"))
                .as("every user left still has their report and its media")
                .isZero();

        CliRun rerun = db.cli("cleanup-test-users", "--batch-size", "10");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("deleted 20 users");
        assertThat(db.count("select count(*) from users")).isEqualTo(10);
    }

    /** From a connection of its own in autocommit: pg_stat_activity is a snapshot per transaction. */
    private static void awaitRunnerWaitingOnALock(Process runner, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection watcher = TestDatabase.connect(db.url());
                Statement st = watcher.createStatement()) {
            while (System.nanoTime() < deadline && runner.isAlive()) {
                try (ResultSet rs = st.executeQuery(
                        """
                        select count(*) from pg_stat_activity
                        where application_name = 'db-runner/cleanup-test-users' and wait_event_type = 'Lock'
                        """)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the cleanup never waited on the held row:\n" + Files.readString(log));
    }
}
