package org.daadaar.runner.tasks.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.DirectTask;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.junit.jupiter.api.Test;

/** A fresh database for every test, so that each one holds in any order and on its own. */
class SeedTaskTest {
    private final Sql db = Sql.freshWithSchema(SeedTaskTest.class);

    @Test
    void a_dry_run_reports_what_it_would_insert_and_inserts_nothing() {
        CliRun run = db.cli("--dry-run", "seed");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("seed (dry run): would insert reference data: 8 organizations, 16 roles");
        assertThat(db.count("select count(*) from organizations")).isZero();
    }

    @Test
    void seeding_twice_inserts_once_and_then_says_there_was_nothing_to_insert() {
        CliRun first = db.cli("seed");
        CliRun second = db.cli("--output", "json", "seed");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("inserted reference data: 8 organizations, 16 roles");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out())
                .contains("\"status\":\"nothing-to-do\"", "\"inserted\":{\"organizations\":0,\"roles\":0}");
        assertThat(db.count("select count(*) from organizations")).isEqualTo(8);
        assertThat(db.count("select count(*) from roles where title_en = 'Member'"))
                .isEqualTo(8);
        assertThat(db.column("select status from db_runner.audit where task = 'seed' order by id"))
                .containsExactly("succeeded", "nothing-to-do");
    }

    @Test
    void demo_data_at_a_small_scale_has_the_promised_shape() {
        CliRun run = db.cli("seed", "--demo", "--scale", "1000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("inserted demo data at scale 1000: 1000 users");
        assertThat(db.count("select count(*) from users")).isEqualTo(1000);
        assertThat(db.count("select count(*) from individuals")).isEqualTo(1000);
        assertThat(db.count("select count(*) from users where email ilike any"
                        + " (array['%@example.com', '%@example.net', '%@example.org', '%.test'])"))
                .as("one in ten users is a test user")
                .isEqualTo(100);
        assertThat(db.count("select count(*) from users where email like '%@EXAMPLE.%'"))
                .as("some upper case")
                .isPositive();
        assertThat(db.count("select count(*) from users where email like '%@example.com.au'"))
                .as("look-alikes")
                .isPositive();
        assertThat(
                        db.count(
                                """
                select count(distinct u.id) from users u
                join reports r on r.submitted_by_user_id = u.id
                join media m on m.report_id = r.id
                join votes v on v.user_id = u.id
                where u.email ilike any (array['%@example.com', '%@example.net', '%@example.org', '%.test'])
                """))
                .as("a tenth of the test users have reports, votes and media")
                .isEqualTo(10);
        assertThat(db.count("select count(*) from organizations where created_by_user_id is not null"))
                .isPositive();
        assertThat(db.count("select count(*) from role_occupancy")).isEqualTo(500);
        assertThat(db.count("select count(*) from roles where title_en = 'member'"))
                .as("lower-case Member roles")
                .isPositive();
        assertThat(db.one("select count(*) = count(distinct lower(email)) from users"))
                .isEqualTo("t");
    }

    @Test
    void demo_data_is_not_generated_twice_and_new_rows_still_get_fresh_ids() {
        CliRun first = db.cli("seed", "--demo", "--scale", "1000");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        CliRun run = db.cli("seed", "--demo", "--scale", "1000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("demo data already present");
        assertThat(db.count("select count(*) from users")).isEqualTo(1000);
        db.exec("insert into users (email) values ('late@example.org')");
        assertThat(db.count("select count(*) from users")).isEqualTo(1001);
    }

    @Test
    void demo_data_is_refused_for_a_host_that_is_not_loopback() {
        Task task = SeedTask.withDemo(10, false);

        assertThatThrownBy(() -> task.run(DirectTask.context(db.url(), "db.prod.internal", false)))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining("db.prod.internal")
                .hasMessageContaining("--allow-remote-demo");
    }

    @Test
    void allow_remote_demo_lets_it_through() throws Exception {
        TaskResult result = SeedTask.withDemo(10, true).run(DirectTask.context(db.url(), "db.prod.internal", true));

        assertThat(result.status()).isEqualTo(TaskStatus.DRY_RUN);
    }

    @Test
    void scale_without_demo_is_bad_input() {
        CliRun run = db.cli("seed", "--scale", "10");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--scale");
    }
}
