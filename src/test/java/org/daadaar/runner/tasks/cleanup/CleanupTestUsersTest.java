package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CleanupTestUsersTest {
    private static final Sql db = Sql.freshWithSchema(CleanupTestUsersTest.class);

    /** Seven test users on reserved names (some upper case) and five real ones, some of them look-alikes. */
    @BeforeEach
    void fixture() {
        db.exec(
                "truncate users, sessions, organizations, roles, individuals, role_occupancy, reports, votes, media,"
                        + " db_runner.audit restart identity cascade",
                """
                insert into users (email, created_at) values
                    ('a@example.com', now() - interval '10 days'), ('B@EXAMPLE.ORG', now() - interval '10 days'),
                    ('c@mail.TEST', now()), ('d@foo.example', now()), ('e@x.invalid', now()),
                    ('f@host.localhost', now()), ('g@Example.Net', now()),
                    ('x@example.com.au', now()), ('x@notexample.com', now()), ('x@test.com', now()),
                    ('example.com@gmail.com', now()), ('real@gmail.com', now())
                """,
                // a@example.com owns a session and a report that a real user voted on and added media to; a real
                // user's report has a@example.com's vote and media; a@example.com created shared rows.
                """
                insert into sessions (user_id) select id from users where email = 'a@example.com';
                insert into organizations (name, created_by_user_id)
                    select 'Org by a', id from users where email = 'a@example.com';
                insert into roles (organization_id, title, title_en, created_by_user_id)
                    select o.id, 'عضو', 'Member', o.created_by_user_id from organizations o;
                insert into individuals (full_name, created_by_user_id)
                    select 'Person by a', id from users where email = 'a@example.com';
                insert into role_occupancy (individual_id, role_id, created_by_user_id)
                    select i.id, r.id, i.created_by_user_id from individuals i, roles r;
                insert into reports (submitted_by_user_id, title)
                    select id, 'report by ' || email from users where email in ('a@example.com', 'real@gmail.com');
                insert into votes (report_id, user_id)
                    select r.id, u.id from reports r, users u where u.email in ('a@example.com', 'real@gmail.com');
                insert into media (report_id, uploaded_by_user_id, storage_key)
                    select r.id, u.id, 'k' from reports r, users u where u.email in ('a@example.com', 'real@gmail.com');
                """);
    }

    private long userCount() {
        return db.count("select count(*) from users");
    }

    @Test
    void deletes_users_on_reserved_names_in_any_case_and_keeps_the_look_alikes() {
        CliRun run = db.cli("cleanup-test-users");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(db.column("select email from users order by email"))
                .containsExactly(
                        "example.com@gmail.com",
                        "real@gmail.com",
                        "x@example.com.au",
                        "x@notexample.com",
                        "x@test.com");
        assertThat(run.out()).contains("cleanup-test-users: deleted 7 users, 1 sessions, 1 reports, 3 votes, 3 media");
    }

    @Test
    void deletes_what_belongs_to_the_user_and_keeps_shared_rows_with_the_creator_set_to_null() {
        CliRun run = db.cli("cleanup-test-users");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(db.count("select count(*) from sessions")).isZero();
        assertThat(db.column("select title from reports")).containsExactly("report by real@gmail.com");
        assertThat(db.count("select count(*) from votes"))
                .as("only the real user's vote on their own report")
                .isOne();
        assertThat(db.column("select uploaded_by_user_id::text from media"))
                .as("the test user's upload to the real report goes too")
                .containsExactly(db.one("select id from users where email = 'real@gmail.com'"));
        assertThat(
                        db.count(
                                """
                select (select count(*) from organizations where created_by_user_id is null)
                     + (select count(*) from roles where created_by_user_id is null)
                     + (select count(*) from individuals where created_by_user_id is null)
                     + (select count(*) from role_occupancy where created_by_user_id is null)
                """))
                .as("shared rows are kept, creator NULL")
                .isEqualTo(4);
        assertThat(run.out())
                .contains("kept with the creator set to NULL: 1 organizations, 1 roles, 1 individuals,"
                        + " 1 role_occupancy\n");
    }

    @Test
    void a_test_users_upload_to_a_real_users_report_goes_and_the_report_keeps_its_other_media() {
        String realReport = db.one("select r.id from reports r join users u on u.id = r.submitted_by_user_id"
                + " where u.email = 'real@gmail.com'");
        String testUsersUpload = db.one("select m.id from media m join users u on u.id = m.uploaded_by_user_id"
                + " where u.email = 'a@example.com' and m.report_id = " + realReport);
        String realUsersUpload = db.one("select m.id from media m join users u on u.id = m.uploaded_by_user_id"
                + " where u.email = 'real@gmail.com' and m.report_id = " + realReport);

        CliRun run = db.cli("cleanup-test-users");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(db.count("select count(*) from media where id = " + testUsersUpload))
                .as("deleted with the test user, not kept with the uploader NULL")
                .isZero();
        assertThat(db.column("select id from reports")).containsExactly(realReport);
        assertThat(db.column("select id || ' ' || report_id || ' ' || uploaded_by_user_id from media"))
                .containsExactly(realUsersUpload + " " + realReport + " "
                        + db.one("select id from users where email = 'real@gmail.com'"));
    }

    @Test
    void a_pattern_that_is_only_a_public_suffix_is_refused_and_nothing_is_deleted() {
        CliRun run = db.cli("cleanup-test-users", "--email-pattern", "%@example.com", "--email-pattern", "%@%.COM");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().lines().filter(l -> l.contains("refused")))
                .singleElement()
                .asString()
                .contains(
                        "--email-pattern: the pattern '%@%.COM' is refused",
                        "com, is only a public suffix", "such as %@qa.mycompany.com");
        assertThat(userCount()).isEqualTo(12);
        assertThat(db.count("select count(*) from media")).isEqualTo(4);
        assertThat(db.count("select count(*) from db_runner.audit"))
                .as("refused before connecting")
                .isZero();
    }

    @Test
    void the_help_says_what_goes_with_a_test_user_and_which_patterns_are_refused() {
        CliRun help = CliRun.run("cleanup-test-users", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out().replaceAll("\\s+", " "))
                .contains(
                        "the votes they cast, the media they uploaded (to any report), and the reports they submitted",
                        "can match addresses at more than one registered domain, such as %.com");
    }

    @Test
    void more_matches_than_max_users_deletes_nothing_and_exits_4() {
        CliRun run = db.cli("cleanup-test-users", "--max-users", "6");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err()).contains("7 users match", "--max-users 6", "nothing was deleted");
        assertThat(userCount()).isEqualTo(12);
        assertThat(db.one("select status || ' ' || (counts->>'matched') from db_runner.audit"))
                .isEqualTo("refused 7");
    }

    @Test
    void a_dry_run_counts_per_table_what_the_real_run_then_does() {
        CliRun dry = db.cli("--dry-run", "--output", "json", "cleanup-test-users");
        assertThat(userCount()).isEqualTo(12);
        CliRun real = db.cli("--output", "json", "cleanup-test-users");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out())
                .contains(
                        "\"status\":\"dry-run\"",
                        "\"matched\":7",
                        "\"deleted\":{\"users\":7,\"sessions\":1,\"reports\":1,\"votes\":3,\"media\":3}",
                        "\"creator_set_null\":{\"organizations\":1,\"roles\":1,\"individuals\":1,\"role_occupancy\":1}");
        assertThat(real.exitCode()).as(real.toString()).isZero();
        assertThat(counts(real.out())).isEqualTo(counts(dry.out()));
    }

    private static String counts(String json) {
        return json.substring(json.indexOf("\"deleted\""), json.indexOf('}', json.indexOf("creator_set_null")) + 1);
    }

    @Test
    void a_rerun_finds_nothing_to_do() {
        db.cli("cleanup-test-users");
        CliRun again = db.cli("cleanup-test-users");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("no user matches", "nothing to delete");
        assertThat(db.column("select status from db_runner.audit order by id"))
                .containsExactly("succeeded", "nothing-to-do");
    }

    @Test
    void older_than_keeps_recent_test_users() {
        CliRun run = db.cli("cleanup-test-users", "--older-than", "7d");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(db.count("select count(*) from users where email in ('a@example.com', 'B@EXAMPLE.ORG')"))
                .isZero();
        assertThat(userCount()).isEqualTo(10);
    }

    @Test
    void patterns_come_from_the_flags_else_from_the_comma_separated_variable() {
        CliRun flags = db.cli(
                Map.of("TEST_USER_EMAIL_PATTERNS", "%@example.com"),
                "cleanup-test-users",
                "--email-pattern",
                "%.invalid",
                "--email-pattern",
                "%.LOCALHOST");
        CliRun env = db.cli(Map.of("TEST_USER_EMAIL_PATTERNS", "%@example.com, %@example.org"), "cleanup-test-users");

        assertThat(flags.exitCode()).as(flags.toString()).isZero();
        assertThat(flags.out()).contains("deleted 2 users");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(env.out()).contains("deleted 2 users");
        assertThat(db.column("select parameters->>'patterns_from' from db_runner.audit order by id"))
                .containsExactly("--email-pattern", "TEST_USER_EMAIL_PATTERNS");
        assertThat(userCount()).isEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%@%", "%%@%", "x@%", "%.%", "gmail.com", "test", " "})
    void a_pattern_that_could_match_real_addresses_is_refused_before_connecting(String pattern) {
        CliRun run = CliRun.run(
                "--database-url",
                "postgresql://nobody@db.invalid:1/none",
                "cleanup-test-users",
                "--email-pattern",
                "%@example.com",
                "--email-pattern",
                pattern);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--email-pattern", "refused").doesNotContain("Connecting");
    }

    @Test
    void a_refused_pattern_from_the_environment_names_the_variable() {
        CliRun run = db.cli(Map.of("TEST_USER_EMAIL_PATTERNS", "%@example.com,%@%"), "cleanup-test-users");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("TEST_USER_EMAIL_PATTERNS: the pattern '%@%' is refused");
        assertThat(userCount()).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10001", "-1"})
    void a_batch_size_out_of_range_is_bad_input(String size) {
        CliRun run = db.cli("cleanup-test-users", "--batch-size", size);

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--batch-size must be between 1 and 10000 (was " + size + ")");
    }

    @Test
    void each_batch_logs_a_progress_line_with_rate_and_eta() {
        CliRun run = db.cli("cleanup-test-users", "--batch-size", "3");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err().lines().filter(l -> l.contains("users/s, ETA")))
                .hasSize(3)
                .first()
                .asString()
                .contains("cleanup-test-users: 3/7 users (42%)", "batch 1 in");
        assertThat(db.one("select counts->>'batches' from db_runner.audit")).isEqualTo("3");
    }
}
