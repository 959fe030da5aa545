package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How a task's options become a build's environment overrides. The tasks with such options live on
 * other branches, so a stand-in task with the same kinds of options is parsed here.
 */
class TaskOverridesTest {
    @Command(name = "root", subcommandsRepeatable = true)
    static final class Root {
        @Option(names = "--dry-run")
        boolean dryRun;
    }

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
                        "--dry-run",
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
                buildspec());

        assertThat(overrides)
                .containsExactly(
                        java.util.Map.entry("TASK", "backfill --older-than 7d --force"),
                        java.util.Map.entry("DRY_RUN", "true"),
                        java.util.Map.entry("ORGANIZATION_ID", "123"),
                        java.util.Map.entry("TEST_USER_EMAIL_PATTERNS", "%@example.com,%.test"));
    }

    @Test
    void migrates_lint_options_travel_in_task() throws Exception {
        CommandLine cli = Cli.create(
                new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()),
                Map.of());
        var overrides = TaskOverrides.of(
                cli.parseArgs("migrate", "--lint", "warn", "--big-table-rows", "500", "--allow-destructive"),
                buildspec());

        assertThat(overrides).containsEntry("TASK", "migrate --lint warn --big-table-rows 500 --allow-destructive");
    }

    @Test
    void a_variable_the_buildspec_does_not_forward_goes_into_task() {
        var overrides =
                TaskOverrides.of(parse("--dry-run", "backfill", "--organization-id", "123"), "docker run -e TASK x");

        assertThat(overrides)
                .containsEntry("TASK", "--dry-run backfill --organization-id 123")
                .hasSize(1);
    }

    @Test
    void the_tasks_own_validation_decides_with_its_own_exit_code() {
        assertThatThrownBy(() -> TaskOverrides.of(parse("backfill", "--organization-id", "-5"), buildspec()))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining("--organization-id must be positive");
    }

    @Test
    void a_word_that_the_buildspec_would_split_or_glob_is_refused() {
        assertThatThrownBy(() -> TaskOverrides.of(parse("backfill", "--older-than", "7 d"), buildspec()))
                .hasMessageContaining("--older-than '7 d' cannot travel in TASK");
        assertThatThrownBy(() -> TaskOverrides.of(parse("backfill", "--older-than", "7*"), buildspec()))
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
                        "DATABASE_URL",
                        "DB_INSTANCE_ID",
                        "DB_CLUSTER_ID",
                        "REQUIRE_BACKUP_WITHIN",
                        "SNAPSHOT_FIRST");
    }

    @Test
    void the_runners_options_lead_task_or_travel_as_the_variables_the_buildspec_forwards() throws Exception {
        Map<String, String> overrides = TaskOverrides.of(
                runnerParse(
                        "--lock-timeout",
                        "30s",
                        "--statement-timeout",
                        "1h",
                        "--lock-wait",
                        "2m",
                        "--connect-timeout",
                        "20",
                        "--secrets-timeout",
                        "30s",
                        "-v",
                        "--ssl-mode",
                        "verify-full",
                        "--output",
                        "json",
                        "--log-format",
                        "text",
                        "--dry-run",
                        "migrate",
                        "--target",
                        "7"),
                buildspec());

        assertThat(overrides)
                .containsExactly(
                        Map.entry(
                                "TASK",
                                "--lock-timeout 30s --statement-timeout 1h --lock-wait 2m --connect-timeout 20"
                                        + " --secrets-timeout 30s --verbose --ssl-mode verify-full migrate --target 7"),
                        Map.entry("OUTPUT", "json"),
                        Map.entry("LOG_FORMAT", "text"),
                        Map.entry("DRY_RUN", "true"));
    }

    @Test
    void options_that_mean_nothing_in_a_build_are_refused_with_the_reason() {
        Map<List<String>, String> refused = Map.of(
                List.of("--local", "ping"), "--local is not passed on to a build: a throwaway PostgreSQL",
                List.of("--ssl-root-cert", "/tmp/ca.pem", "ping"), "--ssl-root-cert is not passed on",
                List.of("--region", "eu-west-1", "ping"), "goes with run's own options",
                List.of("--database-secret-id", "prod/db", "ping"), "the build's database comes from the project's",
                List.of("--ssl-mode", "disable", "ping"), "--ssl-mode disable is refused for a build",
                List.of("--ssl-mode", "verify_full", "ping"), "--ssl-mode must be one of");

        refused.forEach((words, reason) -> assertThatThrownBy(
                        () -> TaskOverrides.of(runnerParse(words.toArray(String[]::new)), buildspec()))
                .as(String.join(" ", words))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining(reason));
    }

    @Test
    void iam_auth_travels_as_db_iam_auth_which_the_runner_in_the_container_reads() throws Exception {
        Map<String, String> overrides = TaskOverrides.of(runnerParse("--iam-auth", "migrate"), buildspec());
        RootCommand runner = (RootCommand) Cli.create(writer(), writer(), Map.of("DB_IAM_AUTH", "true"))
                .parseArgs("ping")
                .commandSpec()
                .userObject();

        assertThat(overrides).containsExactly(Map.entry("TASK", "migrate"), Map.entry("DB_IAM_AUTH", "true"));
        assertThat(runner.iamAuth).isTrue();
        assertThatThrownBy(() ->
                        TaskOverrides.of(runnerParse("--iam-auth", "--ssl-mode", "require", "migrate"), buildspec()))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining("--iam-auth with --ssl-mode require is refused for a build");
    }

    @Test
    void a_database_url_is_refused_before_parsing_so_no_part_of_it_is_echoed() {
        // Unquoted, a password with a space arrives as two words; a parser would echo the second.
        List<String> words = List.of("--database-url", "postgresql://app:Pa55", "Tail-77zz@db:5432/app", "migrate");

        assertThatThrownBy(() -> parseWith(words))
                .hasMessageStartingWith("--database-url is not passed on to a build")
                .message()
                .doesNotContain("Pa55", "Tail-77zz");
        assertThatThrownBy(() -> parseWith(List.of("--database-url=postgresql://app:Pa55@db/app", "migrate")))
                .message()
                .doesNotContain("Pa55");
    }

    @Test
    void an_option_in_the_wrong_place_says_where_it_goes() {
        assertThatThrownBy(() -> TaskOverrides.parse(
                        List.of("--lock-timeout", "30s", "--follow", "migrate"),
                        java.util.Set.of("--follow", "--project"),
                        writer(),
                        writer()))
                .hasMessageContaining("--follow is an option of codebuild run: give it before the runner's options");
        assertThatThrownBy(() -> parseWith(List.of("migrate", "--lock-timeout", "30s")))
                .hasMessageContaining(
                        "--lock-timeout is an option of the runner, not of a task: give it before the" + " first task");
    }

    /**
     * The build phase of buildspec.yml, run by bash as CodeBuild runs it, with `docker` standing in
     * by a script that records its arguments; what follows the image is what the runner in the
     * container parses, with the variables passed by -e as its environment.
     */
    @Test
    void the_buildspec_hands_the_runners_options_and_variables_to_the_runner_in_the_container(@TempDir Path dir)
            throws Exception {
        Map<String, String> overrides = TaskOverrides.of(
                runnerParse("--lock-timeout", "30s", "--output", "json", "--dry-run", "-v", "ping"), buildspec());
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_FILE\"\n");
        docker.toFile().setExecutable(true);
        Path phase = dir.resolve("build-phase.sh");
        Files.writeString(phase, buildPhase(buildspec()));

        ProcessBuilder bash = new ProcessBuilder("bash", phase.toString()).redirectErrorStream(true);
        bash.environment().putAll(overrides);
        bash.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        bash.environment().put("IMAGE_URI", "image:test");
        bash.environment().put("ARGS_FILE", dir.resolve("args").toString());
        bash.environment().put("LOG_FORMAT", "json"); // the buildspec's own env section
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();

        List<String> args = Files.readAllLines(dir.resolve("args"));
        List<String> runnerArgs = args.subList(args.indexOf("image:test") + 1, args.size());
        Map<String, String> containerEnv = new java.util.HashMap<>();
        for (int i = 0; i < args.indexOf("image:test"); i++) {
            String name = args.get(i + 1);
            if (args.get(i).equals("-e") && bash.environment().containsKey(name)) {
                containerEnv.put(name, bash.environment().get(name));
            }
        }
        RootCommand runner = (RootCommand) Cli.create(writer(), writer(), containerEnv)
                .parseArgs(runnerArgs.toArray(String[]::new))
                .commandSpec()
                .userObject();
        assertThat(runnerArgs).endsWith("ping");
        assertThat(runner.lockTimeout).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(runner.verbose).isTrue();
        assertThat(runner.output).as("OUTPUT, passed by -e").isEqualTo("json");
        assertThat(runner.dryRun).as("DRY_RUN, passed by -e").isTrue();
    }

    private static CommandLine.ParseResult runnerParse(String... words) {
        return parseWith(List.of(words));
    }

    private static CommandLine.ParseResult parseWith(List<String> words) {
        return TaskOverrides.parse(words, java.util.Set.of(), writer(), writer());
    }

    private static java.io.PrintWriter writer() {
        return new java.io.PrintWriter(new java.io.StringWriter());
    }

    /** The build phase's single "- |" block, as scripts/image-check.sh extracts it. */
    private static String buildPhase(String buildspec) {
        List<String> lines = buildspec.lines().toList();
        int start = lines.indexOf("  build:");
        int block = start;
        while (!lines.get(block).strip().equals("- |")) {
            block++;
        }
        String first = lines.get(block + 1);
        int indent = first.length() - first.stripLeading().length();
        StringBuilder script = new StringBuilder();
        for (String line : lines.subList(block + 1, lines.size())) {
            if (!line.isBlank() && line.length() - line.stripLeading().length() < indent) {
                break;
            }
            script.append(line.length() >= indent ? line.substring(indent) : "").append('\n');
        }
        // The docker mode is under test: a machine that has the image's runner installed (the
        // start-up bench copies it to /opt/db-runner) must not switch this run to the direct mode.
        return script.toString().replace("/opt/db-runner/bin/db-runner", "/nonexistent/db-runner/bin/db-runner");
    }
}
