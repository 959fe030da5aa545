package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.LockHolder;
import org.daadaar.runner.support.RunnerJar;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real runner.jar process while migrate waits before a retry: no connection is in
 * use then, so nothing would end the wait but the runner's own check, and the retry must not
 * start after the stop.
 */
class LockRetrySigtermIT {
    @TempDir
    Path dir;

    @Test
    void sigterm_during_the_wait_before_a_retry_starts_no_new_attempt_and_records_interrupted() throws Exception {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        Path migrations = Files.createDirectory(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__first.sql"), "create table busy (id int);");
        assertThat(db.cli("migrate", "--locations", "filesystem:" + migrations).exitCode())
                .isZero();
        Files.writeString(migrations.resolve("V2__alter.sql"), "alter table busy add column note text;");
        Path log = dir.resolve("run.log");

        Process runner;
        long stoppedAt;
        boolean exited;
        try (LockHolder holder = LockHolder.hold(db.url(), "report-query", "select * from busy")) {
            runner = RunnerJar.process(
                            "--database-url",
                            db.cliUrl(),
                            "--lock-timeout",
                            "1s",
                            "migrate",
                            "--locations",
                            "filesystem:" + migrations,
                            "--lock-retry-wait",
                            "1m")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!read(log).contains("retry 1 of 3") && runner.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(read(log)).as("waiting before the first retry").contains("retry 1 of 3");
            holder.release(); // a new attempt would now succeed: only the stop may prevent it

            runner.destroy(); // SIGTERM on Linux
            stoppedAt = System.nanoTime();
            exited = runner.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                runner.destroyForcibly();
            }
        }
        long tookMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        String output = read(log);

        assertThat(exited).as("exited after SIGTERM:%n%s", output).isTrue();
        assertThat(runner.exitValue()).as(output).isEqualTo(ExitCode.STOPPED);
        assertThat(tookMillis).as("the wait ends at the stop:%n%s", output).isLessThan(5_000);
        assertThat(db.column("select version from flyway_schema_history order by installed_rank"))
                .as("no retry ran after the stop")
                .containsExactly("1");
        assertThat(db.column("select status || ' ' || (counts->>'lock_retries') from db_runner.audit"
                        + " where task = 'migrate' order by id"))
                .containsExactly("succeeded 0", "interrupted 1");
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
