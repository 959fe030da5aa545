package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;

class UnknownTaskTest {
    private static final String TASKS =
            "The tasks: ping, migrate, lint, info, validate, repair, seed, cleanup-test-users, backfill-member-role, doctor";

    @Test
    void an_unknown_task_names_the_closest_task_and_lists_them_all() {
        CliRun run = CliRun.run("migrat");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .isEqualTo("error: unknown task 'migrat'; did you mean migrate? " + TASKS + " (see --help)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_unknown_task_after_a_task_is_named_the_same_way() {
        CliRun run = CliRun.run("--local", "ping", "valdiate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .isEqualTo("error: unknown task 'valdiate'; did you mean validate? " + TASKS + " (see --help)");
    }

    @Test
    void a_word_like_no_task_gets_the_list_without_a_guess() {
        CliRun run = CliRun.run("frobnicate");

        assertThat(run.err().strip()).isEqualTo("error: unknown task 'frobnicate'. " + TASKS + " (see --help)");
    }

    @Test
    void the_echoed_name_stays_on_one_line() {
        CliRun run = CliRun.run("migrat\n12:00:00.000 INFO  forged");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("unknown task 'migrat\\n12:00:00.000 INFO  forged'");
    }

    @Test
    void an_unknown_task_is_a_json_line_when_logs_are_json() {
        CliRun run = CliRun.run(Map.of("LOG_FORMAT", "json"), "migrat");

        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("\"message\":\"unknown task 'migrat'; did you mean migrate?", "\"exit_code\":2");
    }

    @Test
    void an_unknown_task_in_codebuild_run_is_named_before_anything_is_sent() {
        CliRun run = CliRun.run("codebuild", "run", "--project", "db-runner", "ping", "migrat");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .isEqualTo("error: unknown task 'migrat'; did you mean migrate? " + TASKS
                        + " (in the task part; nothing was sent to CodeBuild)");
    }

    @Test
    void an_unknown_codebuild_command_lists_the_commands() {
        CliRun run = CliRun.run("codebuild", "lst");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .isEqualTo("error: unknown codebuild command 'lst'; did you mean list?"
                        + " The commands: run, logs, list, stop (see codebuild --help)");
    }
}
