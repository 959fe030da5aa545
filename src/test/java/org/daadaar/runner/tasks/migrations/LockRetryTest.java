package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.BackgroundCli;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.LockHolder;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate --lock-retries on a real PostgreSQL: another session holds a lock that a migration
 * needs; lock_timeout cancels the migration, and migrate tries it again while it may.
 */
class LockRetryTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path migrations;

    @Test
    void a_migration_retried_after_the_holder_lets_go_is_applied_and_the_one_audit_row_counts_the_retry()
            throws Exception {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write("V1__first.sql", "create table busy (id int);");
        write("V2__second.sql", "create table other (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        write("V3__third.sql", "create table third (id int);");
        write("V4__alter.sql", "alter table busy add column note text;");

        CliRun run;
        int holderPid;
        try (LockHolder holder = LockHolder.hold(db.url(), "report-query", "select * from busy")) {
            holderPid = holder.pid();
            BackgroundCli migrate = BackgroundCli.start(
                    "--database-url",
                    db.cliUrl(),
                    "--lock-timeout",
                    "1s",
                    "migrate",
                    "--locations",
                    location(),
                    "--lock-retry-wait",
                    "1s");
            migrate.awaitLog("retry 1 of 3", WITHIN);
            holder.release();
            run = migrate.finish(WITHIN);
        }

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err())
                .as("the retry names the lock and who held it")
                .contains(
                        "V4__alter.sql waited longer than lock_timeout (1000 ms) for AccessExclusiveLock on relation"
                                + " busy, held by pid " + holderPid + " (application 'report-query', idle in"
                                + " transaction",
                        "retry 1 of 3 in ")
                .doesNotContain("retry 2 of 3");
        assertThat(run.out())
                .as("the report covers the whole run: V3 from the first attempt, V4 from the retry")
                .contains(
                        "schema version 2 -> 4, applied 2 migrations",
                        "V3  third",
                        "V4  alter",
                        "tried again 1 time after a lock timeout");
        assertThat(db.column("select version from flyway_schema_history where success order by installed_rank"))
                .containsExactly("1", "2", "3", "4");
        assertThat(db.column("select status || ' ' || (counts->>'lock_retries') || ' ' ||"
                        + " (counts->>'migrations_applied') from db_runner.audit where task = 'migrate' order by id"))
                .as("one row for the run, with its retry counted")
                .containsExactly("succeeded 0 2", "succeeded 1 2");
    }

    @Test
    void in_group_mode_the_whole_group_is_rolled_back_and_tried_again(@TempDir Path drizzle) throws Exception {
        // An empty database and a drizzle folder: Flyway's group mode, every migration in one transaction.
        // The table the second migration needs lives outside the migrations' schema, which stays empty.
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        db.exec("create schema outside", "create table outside.busy (id int)");
        DrizzleFolder folder = DrizzleFolder.write(drizzle);
        folder.add("0004_touch_outside", "ALTER TABLE outside.busy ADD COLUMN note text;");

        CliRun run;
        try (LockHolder holder = LockHolder.hold(db.url(), "etl", "select * from outside.busy")) {
            BackgroundCli migrate = BackgroundCli.start(
                    "--database-url",
                    db.cliUrl(),
                    "--lock-timeout",
                    "1s",
                    "migrate",
                    "--locations",
                    "drizzle:" + drizzle,
                    "--lock-retry-wait",
                    "1s");
            migrate.awaitLog("retry 1 of 3", WITHIN);
            assertThat(db.column("select to_regclass('users') is null"))
                    .as("the first attempt's migrations were rolled back with the one that timed out")
                    .containsExactly("t");
            holder.release();
            run = migrate.finish(WITHIN);
        }

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("rolled back with every migration of its group, retry 1 of 3");
        assertThat(run.out())
                .as("the rolled-back attempt's migrations are not counted twice")
                .contains("schema version none -> 5, applied 5 migrations");
        assertThat(db.count("select count(*) from flyway_schema_history where success"))
                .isEqualTo(5);
    }

    @Test
    void a_lock_held_through_every_retry_exits_3_naming_the_holder_and_applies_nothing() throws Exception {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write("V1__first.sql", "create table busy (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        write("V2__alter.sql", "alter table busy add column note text;");

        CliRun run;
        int holderPid;
        try (LockHolder holder = LockHolder.hold(db.url(), "nightly-report", "select * from busy")) {
            holderPid = holder.pid();
            run = db.cli(
                    "--lock-timeout",
                    "1s",
                    "migrate",
                    "--locations",
                    location(),
                    "--lock-retries",
                    "2",
                    "--lock-retry-wait",
                    "10ms");
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("retry 1 of 2", "retry 2 of 2").doesNotContain("retry 3");
        assertThat(errorLine(run))
                .contains(
                        "V2__alter.sql",
                        "waited longer than lock_timeout (1000 ms) for AccessExclusiveLock on relation busy, held by"
                                + " pid " + holderPid + " (application 'nightly-report'",
                        "(the last of 3 attempts, --lock-retries 2)",
                        "rolled back and a rerun is safe");
        assertThat(db.column("select version from flyway_schema_history order by installed_rank"))
                .containsExactly("1");
        assertThat(db.column("select status || ' ' || (counts->>'lock_retries') || ' '"
                        + " || coalesce(parameters->>'lock_retries', 'default') from db_runner.audit"
                        + " where task = 'migrate' order by id"))
                .as("the failed run's row counts its retries, and its parameters say how many it was allowed")
                .containsExactly("succeeded 0 default", "failed 2 2");
    }

    @Test
    void a_non_transactional_migration_that_times_out_on_a_lock_is_not_retried_and_says_what_to_check()
            throws Exception {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write("V1__first.sql", "create table big (id int, name text);");
        assertThat(migrate(db).exitCode()).isZero();
        write("V2__index_big_name.sql", "create index concurrently big_name_idx on big (name);");
        write("V2__index_big_name.sql.conf", "executeInTransaction=false\n");

        CliRun run;
        try (LockHolder holder = LockHolder.hold(db.url(), "bulk-load", "lock table big in share mode")) {
            run = db.cli("--lock-timeout", "1s", "migrate", "--locations", location());
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).doesNotContain("retry 1 of");
        assertThat(errorLine(run))
                .contains(
                        "V2__index_big_name.sql",
                        "waited longer than lock_timeout (1000 ms)",
                        "not retried: it runs outside a transaction (executeInTransaction=false)",
                        "run repair to remove its failed row");
        assertThat(db.column("select version || ' ' || success from flyway_schema_history order by installed_rank"))
                .as("Flyway recorded the failure, which is what repair is for")
                .containsExactly("1 true", "2 false");
    }

    @Test
    void retry_options_out_of_range_are_refused_before_connecting() {
        CliRun many =
                CliRun.run("--database-url", "postgresql://app@db.invalid/app", "migrate", "--lock-retries", "11");
        CliRun quick =
                CliRun.run("--database-url", "postgresql://app@db.invalid/app", "migrate", "--lock-retry-wait", "5ms");

        assertThat(many.exitCode()).as(many.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(many.err()).contains("--lock-retries must be between 0 and 10 (was 11)");
        assertThat(quick.exitCode()).as(quick.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(quick.err()).contains("--lock-retry-wait must be between 10ms and 1m (was 5ms)");
    }

    private static String errorLine(CliRun run) {
        return run.err()
                .lines()
                .filter(line -> line.startsWith("error: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error line in " + run));
    }

    private CliRun migrate(Sql db) {
        return db.cli("migrate", "--locations", location());
    }

    private String location() {
        return "filesystem:" + migrations;
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }
}
