package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.HeldThirdBatch;
import org.daadaar.runner.support.RunnerJar;
import org.daadaar.runner.support.Sql;
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
        Path log = dir.resolve("run.log");

        Process runner;
        long stoppedAt;
        boolean exited;
        try (HeldThirdBatch held = HeldThirdBatch.hold(db)) {
            runner = RunnerJar.process(
                            "--database-url",
                            db.cliUrl(),
                            "--lock-timeout",
                            "60s",
                            "cleanup-test-users",
                            "--batch-size",
                            HeldThirdBatch.BATCH_SIZE)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Process started = runner;
            held.awaitCleanupWaiting(started::isAlive, () -> readQuietly(log));

            runner.destroy(); // SIGTERM on Linux
            stoppedAt = System.nanoTime();
            exited = runner.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                runner.destroyForcibly();
            }
            held.release();
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
                        + " from db_runner.audit"))
                .as("the audit row says interrupted, with what was committed")
                .isEqualTo("interrupted 20 2");
        HeldThirdBatch.assertTwoBatchesDone(db);
        assertThat(
                        db.count(
                                "select count(*) from users u where not exists"
                                        + " (select 1 from reports r join media m on m.report_id = r.id where r.submitted_by_user_id = u.id)"))
                .as("every user left still has their report and its media")
                .isZero();

        HeldThirdBatch.assertRerunFinishes(db);
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
