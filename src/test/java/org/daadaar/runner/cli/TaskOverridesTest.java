package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How a task's options become a build's environment overrides. The tasks with such options live on
 * other branches, so a stand-in task with the same kinds of options is parsed here.
 */
class TaskOverridesTest {
    @Command(name = "root", subcommandsRepeatable = true)
    static final class Root {}

    @Command(name = "backfill")
    static final class Backfill implements TaskCommand {
        @Option(names = "--organization-id")
        long organizationId;

        @Option(names = "--email-pattern")
        List<String> patterns = new ArrayList<>();

        @Option(names = "--older-than")
        String olderThan;

        @Option(names = "--force")
        boolean force;

        @Override
        public Task task() {
            if (organizationId < 0) {
                throw RunnerException.badInput("--organization-id must be positive (was " + organizationId + ")");
            }
            return null;
        }
    }

    private static CommandLine.ParseResult parse(String... args) {
        CommandLine cli = new CommandLine(new Root());
        cli.addSubcommand(new Backfill());
        return cli.parseArgs(args);
    }

    private static String buildspec() throws Exception {
        return Files.readString(Path.of("buildspec.yml"));
    }

    @Test
    void options_the_buildspec_forwards_travel_as_variables_and_the_rest_in_task() throws Exception {
        var overrides = TaskOverrides.of(
                parse(
                        "backfill",
                        "--organization-id",
                        "123",
                        "--older-than",
                        "7d",
                        "--email-pattern",
                        "%@example.com",
                        "--email-pattern",
                        "%.test",
                        "--force"),
                buildspec(),
                true);

        assertThat(overrides)
                .containsExactly(
                        java.util.Map.entry("TASK", "backfill --older-than 7d --force"),
                        java.util.Map.entry("DRY_RUN", "true"),
                        java.util.Map.entry("ORGANIZATION_ID", "123"),
                        java.util.Map.entry("TEST_USER_EMAIL_PATTERNS", "%@example.com,%.test"));
    }

    @Test
    void a_variable_the_buildspec_does_not_forward_goes_into_task() {
        var overrides = TaskOverrides.of(parse("backfill", "--organization-id", "123"), "docker run -e TASK x", true);

        assertThat(overrides)
                .containsEntry("TASK", "--dry-run backfill --organization-id 123")
                .hasSize(1);
    }

    @Test
    void the_tasks_own_validation_decides_with_its_own_exit_code() {
        assertThatThrownBy(() -> TaskOverrides.of(parse("backfill", "--organization-id", "-5"), buildspec(), false))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining("--organization-id must be positive");
    }

    @Test
    void a_word_that_the_buildspec_would_split_or_glob_is_refused() {
        assertThatThrownBy(() -> TaskOverrides.of(parse("backfill", "--older-than", "7 d"), buildspec(), false))
                .hasMessageContaining("--older-than '7 d' cannot travel in TASK");
        assertThatThrownBy(() -> TaskOverrides.of(parse("backfill", "--older-than", "7*"), buildspec(), false))
                .hasMessageContaining("cannot travel in TASK");
    }

    @Test
    void the_buildspec_forwards_the_task_variables_by_name() throws Exception {
        assertThat(TaskOverrides.forwardedVariables(buildspec()))
                .contains(
                        "ORGANIZATION_ID",
                        "ORGANIZATION_NAME",
                        "INDIVIDUAL_ID",
                        "TEST_USER_EMAIL_PATTERNS",
                        "DRY_RUN",
                        "DATABASE_URL");
    }
}
