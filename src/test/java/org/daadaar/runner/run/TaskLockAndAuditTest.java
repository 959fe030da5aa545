package org.daadaar.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskLockAndAuditTest {
    private static final Sql db = Sql.freshWithSchema(TaskLockAndAuditTest.class);
    private static final Map<String, String> CODEBUILD =
            Map.of("CODEBUILD_BUILD_ID", "db-runner:0f1e2d3c", "CODEBUILD_INITIATOR", "operator/alice");

    @BeforeEach
    void fixture() {
        db.exec(
                "truncate users, organizations, roles, individuals, role_occupancy, db_runner.audit restart identity cascade",
                "insert into users (email) select 't' || i || '@example.com' from generate_series(1, 3) i",
                "insert into organizations (name) values ('سازمان')",
                "insert into individuals (full_name) values ('فرد')");
    }

    /** Holds the advisory lock that the runner takes for {@code task}, as another run would. */
    private static Connection holdLockOf(String task) throws Exception {
        Connection c = TestDatabase.connect(db.url());
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_lock(hashtext('db-runner'), hashtext('" + task + "'))");
        }
        return c;
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Until the runner's session has asked for the lock twice: a run that tries again has seen the
     * lock taken and is waiting, which is what a fixed sleep could only suppose.
     */
    private static void awaitSecondLockAttempt(String task) throws Exception {
        java.util.Set<String> attempts = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection watcher = TestDatabase.connect(db.url());
                Statement st = watcher.createStatement()) {
            while (attempts.size() < 2) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the runner never asked for the lock twice: " + attempts);
                }
                try (ResultSet rs = st.executeQuery("select query_start from pg_stat_activity"
                        + " where application_name = 'db-runner/" + task + "'"
                        + " and query like 'select pg_try_advisory_lock%'")) {
                    while (rs.next()) {
                        attempts.add(rs.getString(1));
                    }
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void a_second_run_waits_for_the_lock_then_exits_4_naming_the_holder() throws Exception {
        CliRun run;
        long millis;
        int holderPid;
        try (Connection holder = holdLockOf("cleanup-test-users")) {
            holderPid = pid(holder);
            long start = System.nanoTime();
            run = db.cli("--lock-wait", "1s", "cleanup-test-users");
            millis = (System.nanoTime() - start) / 1_000_000;
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(millis).as("it waited --lock-wait first").isGreaterThanOrEqualTo(1000);
        assertThat(run.err())
                .contains(
                        "another run of cleanup-test-users holds its lock (held by pid " + holderPid,
                        ") for ",
                        "waited 1 s (--lock-wait)");
        assertThat(db.count("select count(*) from users")).isEqualTo(3);
        assertThat(db.one("select status from db_runner.audit")).isEqualTo("refused");
    }

    @Test
    void a_run_that_waits_goes_ahead_once_the_holder_lets_go() throws Exception {
        CompletableFuture<CliRun> run;
        try (Connection holder = holdLockOf("backfill-member-role")) {
            run = CompletableFuture.supplyAsync(
                    () -> db.cli("--lock-wait", "60s", "backfill-member-role", "--organization-id", "1"));
            awaitSecondLockAttempt("backfill-member-role");
            assertThat(run).as("still waiting while the lock is held").isNotDone();
            assertThat(db.count("select count(*) from role_occupancy")).isZero();
        }
        CliRun done = run.get(60, TimeUnit.SECONDS);

        assertThat(done.exitCode()).as(done.toString()).isZero();
        assertThat(done.err()).contains("another run holds the lock", "waiting up to 60 s");
        assertThat(db.count("select count(*) from role_occupancy")).isOne();
    }

    @Test
    void every_outcome_leaves_an_audit_row_with_parameters_counts_times_and_the_build() throws Exception {
        db.cli(CODEBUILD, "cleanup-test-users", "--max-users", "2");
        db.cli(CODEBUILD, "--dry-run", "cleanup-test-users");
        db.cli(CODEBUILD, "cleanup-test-users");
        db.cli(CODEBUILD, "cleanup-test-users");
        db.cli(CODEBUILD, "backfill-member-role", "--organization-id", "9");
        db.exec(
                """
                create function refuse_occupancy() returns trigger language plpgsql as
                $$ begin raise exception 'occupancies are frozen'; end $$;
                create trigger frozen before insert on role_occupancy for each row execute function refuse_occupancy();
                """);
        CliRun failed = db.cli(CODEBUILD, "backfill-member-role", "--organization-id", "1");
        db.exec("drop trigger frozen on role_occupancy");
        try (Connection holder = holdLockOf("seed")) {
            db.cli(CODEBUILD, "--lock-wait", "0s", "seed");
        }

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(
                        db.column(
                                """
                select task || ' ' || status || ' ' || dry_run || ' ' || coalesce(counts->>'matched', '-')
                from db_runner.audit order by id
                """))
                .containsExactly(
                        "cleanup-test-users refused false 3",
                        "cleanup-test-users dry-run true 3",
                        "cleanup-test-users succeeded false 3",
                        "cleanup-test-users nothing-to-do false 0",
                        "backfill-member-role refused false -",
                        "backfill-member-role failed false -",
                        "seed refused false -");
        assertThat(
                        db.count(
                                """
                select count(*) from db_runner.audit
                where build_id = 'db-runner:0f1e2d3c' and initiator = 'operator/alice'
                  and finished_at >= started_at and parameters <> '{}'::jsonb
                """))
                .isEqualTo(7);
        assertThat(db.one("select error from db_runner.audit where status = 'failed'"))
                .contains("occupancies are frozen");
        assertThat(db.one("select parameters->>'max_users' from db_runner.audit where id = 1"))
                .isEqualTo("2");
        assertThat(db.one("select string_agg(parameters::text, ' ') from db_runner.audit"))
                .doesNotContain("password");
    }
}
