package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static DatabaseUrl db;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh(CommandLineTest.class);
    }

    @Test
    void help_lists_the_tasks_the_exit_codes_and_the_tls_caveat() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ping", "--database-url", "Exit codes", "does NOT verify");
    }

    @Test
    void version_prints_a_version() {
        CliRun run = CliRun.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("db-runner ");
    }

    @Test
    void an_unknown_flag_is_bad_input_on_one_line() {
        CliRun run = CliRun.run("--frobnicate", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--frobnicate");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void no_task_is_bad_input() {
        CliRun run = CliRun.run("--local");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no task given");
    }

    @Test
    void no_database_source_names_all_three() {
        CliRun run = CliRun.run("ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .isEqualTo("error: no database given: use --local, --database-url (DATABASE_URL)"
                        + " or --database-secret-id (DATABASE_SECRET_ID)");
    }

    @Test
    void a_malformed_url_is_bad_input_before_any_connection() {
        CliRun run = CliRun.run("--database-url", "postgresql://app@db.internal:70000/x", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("port must be a number from 1 to 65535").doesNotContain("Connecting");
    }

    @Test
    void ping_reports_server_user_database_and_tls_on_stdout_and_logs_on_stderr() {
        CliRun run = CliRun.run("--database-url", TestDatabase.cliUrl(db), "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("ping: PostgreSQL ").contains("database " + db.database(), "TLS");
        assertThat(run.err()).contains("ping: succeeded").doesNotContain("ping: PostgreSQL");
    }

    @Test
    void database_url_comes_from_the_environment_when_the_flag_is_absent() {
        CliRun run = CliRun.run(Map.of("DATABASE_URL", TestDatabase.cliUrl(db)), "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("database " + db.database());
    }

    @Test
    void the_flag_beats_the_environment_variable() {
        CliRun run = CliRun.run(
                Map.of("DATABASE_URL", "postgresql://nobody@db.invalid:1/none"),
                "--database-url",
                TestDatabase.cliUrl(db),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void chained_tasks_run_in_order_and_json_output_prints_one_object_per_task() {
        CliRun run = CliRun.run("--database-url", TestDatabase.cliUrl(db), "--output", "json", "ping", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("{\"task\":\"ping\",\"status\":\"succeeded\"")
                .contains("\"database\":\"" + db.database() + "\""));
    }

    @Test
    void json_logs_are_one_object_per_line() {
        CliRun run = CliRun.run(Map.of("LOG_FORMAT", "json"), "--database-url", TestDatabase.cliUrl(db), "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err().lines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .startsWith("{\"time\":\"")
                .contains("\"level\":\"", "\"message\":\"")
                .endsWith("}"));
    }

    @Test
    void errors_are_json_too_when_logs_are_json() {
        CliRun run = CliRun.run("--log-format", "json", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip()).startsWith("{").contains("\"level\":\"ERROR\"", "\"exit_code\":2");
    }

    @Test
    void an_invalid_duration_is_bad_input_naming_the_option() {
        CliRun run = CliRun.run("--local", "--lock-timeout", "soon", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--lock-timeout", "soon");
    }

    @Test
    void a_closed_port_is_an_environment_failure_naming_the_security_group() {
        CliRun run = CliRun.run("--database-url", "postgresql://app:pw@127.0.0.1:1/appdb", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("refused the connection", "security group");
        assertThat(run.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void verbose_adds_the_stack_trace() {
        CliRun run = CliRun.run("-v", "--database-url", "postgresql://app:pw@127.0.0.1:1/appdb", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("\tat ");
    }

    @Test
    void local_runs_the_task_on_a_throwaway_database() {
        CliRun run = CliRun.run("--local", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("ping: PostgreSQL 17");
        assertThat(run.err()).containsAnyOf("embedded", "Docker");
    }

    @Test
    void a_timeout_postgresql_cannot_hold_is_bad_input_before_any_connection() {
        CliRun run = CliRun.run("--database-url", TestDatabase.cliUrl(db), "--statement-timeout", "30d", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--statement-timeout must be at most 24 days")
                .doesNotContain("Connecting");
    }

    @Test
    void a_setting_the_server_refuses_at_login_is_not_blamed_on_the_network() {
        CliRun run = CliRun.run(
                "--database-url", TestDatabase.cliUrl(db) + "&options=-c%20idle_session_timeout%3Dsoon", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("idle_session_timeout").doesNotContain("security group");
    }

    @Test
    void a_task_on_a_database_without_the_schema_says_to_run_migrate_first() {
        CliRun run =
                CliRun.run("--database-url", TestDatabase.cliUrl(db), "backfill-member-role", "--organization-id", "1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.err()).contains("run migrate first", "nothing was changed");
    }

    @Test
    void a_bad_flag_is_reported_as_a_json_line_when_logs_are_json() {
        CliRun run = CliRun.run(Map.of("LOG_FORMAT", "json"), "--frobnicate", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .startsWith("{")
                .contains("\"level\":\"ERROR\"", "--frobnicate", "\"exit_code\":2");
    }
}
