package org.daadaar.runner.codebuild;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.AwsStubs.json;
import static org.daadaar.runner.support.AwsStubs.jsonError;
import static org.daadaar.runner.support.AwsStubs.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** codebuild run, logs and list through the real command line and SDK clients, against WireMock. */
class CodeBuildCommandsTest {
    private static final String START = "CodeBuild_20161006.StartBuild";
    private static final String BATCH_GET = "CodeBuild_20161006.BatchGetBuilds";
    private static final String LIST = "CodeBuild_20161006.ListBuildsForProject";
    private static final String GET_LOG_EVENTS = "Logs_20140328.GetLogEvents";
    private static final String ID = "db-runner:7f1c2d3e-0000-4000-8000-000000000001";
    private static final long T0 = 1_764_064_000L;

    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    @BeforeEach
    void stubs() {
        noBuildsYet();
    }

    @Test
    void run_follow_streams_every_log_line_once_across_pages_shows_phases_and_exits_0_on_success() throws Exception {
        aws.server()
                .stubFor(
                        target(START).willReturn(json("{\"build\":" + build("IN_PROGRESS", false, "SUBMITTED") + "}")));
        // BatchGetBuilds: running, running, then done; the log stream grows meanwhile.
        aws.server()
                .stubFor(target(BATCH_GET)
                        .inScenario("build")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(json(builds(build("IN_PROGRESS", false, "BUILD"))))
                        .willSetStateTo("running"));
        aws.server()
                .stubFor(target(BATCH_GET)
                        .inScenario("build")
                        .whenScenarioStateIs("running")
                        .willReturn(json(builds(build("IN_PROGRESS", false, "BUILD"))))
                        .willSetStateTo("finished"));
        aws.server()
                .stubFor(target(BATCH_GET)
                        .inScenario("build")
                        .whenScenarioStateIs("finished")
                        .willReturn(json(builds(build("SUCCEEDED", true, "COMPLETED")))));
        logPage(null, "f/1", "line 1", "line 2");
        logPage("f/1", "f/2"); // an empty page in the middle of the stream: the token still moves on
        logPage("f/2", "f/3", "line 3");
        aws.server()
                .stubFor(target(GET_LOG_EVENTS)
                        .withRequestBody(matchingJsonPath("$.nextToken", equalTo("f/3")))
                        .inScenario("build")
                        .whenScenarioStateIs("running")
                        .willReturn(json(events("f/3"))));
        aws.server()
                .stubFor(target(GET_LOG_EVENTS)
                        .withRequestBody(matchingJsonPath("$.nextToken", equalTo("f/3")))
                        .inScenario("build")
                        .whenScenarioStateIs("finished")
                        .willReturn(json(events("f/4", "line 4"))));
        logPage("f/4", "f/4");

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "--follow", "--poll-interval", "10ms", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("line ")))
                .containsExactly("line 1", "line 2", "line 3", "line 4");
        assertThat(run.out())
                .contains(
                        "started build " + ID,
                        "console: https://eu-central-1.console.aws.amazon.com/"
                                + "codesuite/codebuild/123456789012/projects/db-runner/build/db-runner%3A7f1c2d3e",
                        "--- BUILD started",
                        "--- PROVISIONING SUCCEEDED in 20 s",
                        "build " + ID + " SUCCEEDED");
        String body = aws.requests(START).get(0).getBodyAsString();
        assertThat(body)
                .contains(
                        "\"projectName\":\"db-runner\"",
                        "{\"name\":\"TASK\",\"value\":\"ping\",\"type\":\"PLAINTEXT\"}");
        assertThat(body)
                .as("the buildspec packaged in the jar (a copy of the repo's) is the override")
                .contains(jsonString(Files.readString(Path.of("buildspec.yml"))));
        assertThat(run.out()).contains("buildspec: packaged in runner.jar");
    }

    @Test
    void run_follow_exits_1_when_the_build_fails_and_says_why() {
        aws.server()
                .stubFor(
                        target(START).willReturn(json("{\"build\":" + build("IN_PROGRESS", false, "SUBMITTED") + "}")));
        aws.server().stubFor(target(BATCH_GET).willReturn(json(builds(build("FAILED", true, "COMPLETED")))));
        logPage(null, "f/1", "error: a guard refused");
        logPage("f/1", "f/1");

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "--follow", "--poll-interval", "10ms", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.out()).contains("error: a guard refused", "--- BUILD FAILED in 30 s: COMMAND_EXECUTION_ERROR");
        assertThat(run.err()).contains("build " + ID + " FAILED", "exit status 4");
    }

    @Test
    void run_follow_exits_3_when_the_build_times_out() {
        aws.server()
                .stubFor(
                        target(START).willReturn(json("{\"build\":" + build("IN_PROGRESS", false, "SUBMITTED") + "}")));
        aws.server().stubFor(target(BATCH_GET).willReturn(json(builds(build("TIMED_OUT", true, "COMPLETED")))));
        logPage(null, null);

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "--follow", "--poll-interval", "10ms", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("ended TIMED_OUT");
    }

    @Test
    void run_refuses_with_4_while_another_build_is_in_progress_and_names_it() {
        aws.server().stubFor(target(LIST).willReturn(json("{\"ids\":[\"db-runner:busy\",\"db-runner:old\"]}")));
        aws.server()
                .stubFor(target(BATCH_GET)
                        .willReturn(json("{\"builds\":["
                                + build("db-runner:busy", "IN_PROGRESS", false, "BUILD") + ","
                                + build("db-runner:old", "SUCCEEDED", true, "COMPLETED") + "]}")));

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err())
                .contains("build db-runner:busy", "in progress", "(migrate)", "started by alice", "--allow-concurrent");
        assertThat(aws.requests(START)).isEmpty();
    }

    @Test
    void allow_concurrent_starts_anyway_without_asking() {
        aws.server()
                .stubFor(
                        target(START).willReturn(json("{\"build\":" + build("IN_PROGRESS", false, "SUBMITTED") + "}")));

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "--allow-concurrent", "--dry-run", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(aws.requests(LIST)).isEmpty();
        assertThat(aws.requests(START).get(0).getBodyAsString())
                .contains("{\"name\":\"DRY_RUN\",\"value\":\"true\",\"type\":\"PLAINTEXT\"}");
        assertThat(run.err()).contains("codebuild logs " + ID + " --follow");
    }

    @Test
    void throttling_is_retried_by_the_sdk() {
        aws.server()
                .stubFor(target(START)
                        .inScenario("throttle")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded"))
                        .willSetStateTo("calm"));
        aws.server()
                .stubFor(target(START)
                        .inScenario("throttle")
                        .whenScenarioStateIs("calm")
                        .willReturn(json("{\"build\":" + build("IN_PROGRESS", false, "SUBMITTED") + "}")));

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(aws.requests(START)).hasSize(2);
        assertThat(run.out()).contains("started build " + ID);
    }

    @Test
    void access_denied_is_an_environment_failure_that_names_the_action() {
        aws.server()
                .stubFor(
                        target(START)
                                .willReturn(
                                        jsonError(
                                                400,
                                                "AccessDeniedException",
                                                "User:"
                                                        + " arn:aws:iam::123456789012:user/alice is not authorized to perform: codebuild:StartBuild")));

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err().strip())
                .startsWith("error: not allowed to call codebuild:StartBuild on project db-runner")
                .doesNotContain("\n");
    }

    @Test
    void an_invalid_task_part_fails_here_before_any_request() {
        List<CliRun> runs = new ArrayList<>();
        runs.add(CliRun.run(aws.env(), "codebuild", "run", "ping", "--bogus"));
        runs.add(CliRun.run(aws.env(), "codebuild", "run", "pnig"));
        runs.add(CliRun.run(aws.env(), "codebuild", "run", "doctor", "ping"));
        runs.add(CliRun.run(aws.env(), "codebuild", "run", "codebuild", "list"));

        assertThat(runs)
                .allSatisfy(run -> assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT));
        assertThat(runs.get(0).err()).contains("--bogus", "nothing was sent to CodeBuild");
        assertThat(runs.get(2).err()).contains("doctor runs alone");
        assertThat(runs.get(3).err()).contains("codebuild is not a task");
        assertThat(aws.all()).as("requests WireMock received").isEmpty();
    }

    @Test
    void run_without_a_project_or_with_a_missing_buildspec_is_bad_input_before_any_request() {
        CliRun noProject = CliRun.run(java.util.Map.of(), "codebuild", "run", "ping");
        CliRun noBuildspec = CliRun.run(aws.env(), "codebuild", "run", "--buildspec", "no/such.yml", "ping");

        assertThat(noProject.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noProject.err()).contains("--project", "CODEBUILD_PROJECT");
        assertThat(noBuildspec.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noBuildspec.err()).contains("no buildspec at", "--buildspec");
        assertThat(aws.all()).isEmpty();
    }

    @Test
    void logs_prints_the_log_so_far_and_the_status() {
        aws.server().stubFor(target(BATCH_GET).willReturn(json(builds(build("IN_PROGRESS", false, "BUILD")))));
        logPage(null, "f/1", "line 1");
        logPage("f/1", "f/2", "line 2");
        logPage("f/2", "f/2");

        CliRun run = CliRun.run(aws.env(), "codebuild", "logs", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("line 1\nline 2\n").contains("build " + ID + " IN_PROGRESS", "in phase BUILD");
        assertThat(aws.requests(GET_LOG_EVENTS).get(0).getBodyAsString())
                .contains("\"logGroupName\":\"/aws/codebuild/db-runner\"", "\"startFromHead\":true");
    }

    @Test
    void logs_of_an_unknown_build_is_bad_input() {
        aws.server().stubFor(target(BATCH_GET).willReturn(json("{\"builds\":[],\"buildsNotFound\":[\"" + ID + "\"]}")));

        CliRun run = CliRun.run(aws.env(), "codebuild", "logs", ID);

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no build " + ID);
    }

    @Test
    void list_shows_recent_builds_as_a_table_and_as_json_lines() {
        aws.server().stubFor(target(LIST).willReturn(json("{\"ids\":[\"db-runner:new\",\"db-runner:old\"]}")));
        aws.server()
                .stubFor(target(BATCH_GET)
                        .willReturn(json("{\"builds\":["
                                + build("db-runner:old", "FAILED", true, "COMPLETED") + ","
                                + build("db-runner:new", "SUCCEEDED", true, "COMPLETED") + "]}")));

        CliRun text = CliRun.run(aws.env(), "codebuild", "list");
        CliRun json = CliRun.run(aws.env(), "codebuild", "list", "--output", "json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out().lines()).hasSize(3);
        assertThat(text.out().lines().toList().get(0))
                .startsWith("BUILD")
                .contains("STATUS", "TASK", "INITIATOR", "START", "DURATION");
        assertThat(text.out().lines().toList().get(1))
                .startsWith("db-runner:new")
                .contains("SUCCEEDED", "migrate", "alice", "2025-11-25 09:46:40Z", "2m 00s");
        assertThat(text.out().lines().toList().get(2))
                .startsWith("db-runner:old")
                .contains("FAILED");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out().lines())
                .hasSize(2)
                .first()
                .asString()
                .startsWith(
                        "{\"id\":\"db-runner:new\","
                                + "\"status\":\"SUCCEEDED\",\"task\":\"migrate\",\"initiator\":\"alice\",\"start\":\"2025-11-25T09:46:40Z\"");
        assertThat(aws.requests(LIST).get(0).getBodyAsString()).contains("\"sortOrder\":\"DESCENDING\"");
    }

    @Test
    void runner_options_before_codebuild_and_before_the_task_reach_the_build_and_the_line_can_be_pasted() {
        startSucceeds();

        CliRun run = CliRun.run(
                aws.env(),
                "--lock-timeout",
                "30s",
                "codebuild",
                "run",
                "--statement-timeout",
                "1h",
                "--output",
                "json",
                "migrate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String body = aws.requests(START).get(0).getBodyAsString();
        assertThat(body)
                .contains(
                        "{\"name\":\"TASK\",\"value\":\"--lock-timeout 30s --statement-timeout 1h migrate\","
                                + "\"type\":\"PLAINTEXT\"}",
                        "{\"name\":\"OUTPUT\",\"value\":\"json\",\"type\":\"PLAINTEXT\"}");
        assertThat(run.out())
                .as("shell-quoted, so that the overrides can be pasted back")
                .contains("started build " + ID + " of project db-runner:"
                        + " TASK='--lock-timeout 30s --statement-timeout 1h migrate' OUTPUT=json\n");
    }

    @Test
    void migrates_backup_options_reach_the_build_in_task_or_as_the_variables_the_buildspec_forwards() {
        startSucceeds();

        CliRun run = CliRun.run(
                aws.env(),
                "codebuild",
                "run",
                "migrate",
                "--require-backup-within",
                "1h",
                "--snapshot-first",
                "--snapshot-timeout",
                "20m",
                "--db-instance-id",
                "orders-prod");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(aws.requests(START).get(0).getBodyAsString())
                .contains(
                        "{\"name\":\"TASK\",\"value\":\"migrate --snapshot-timeout 20m\",\"type\":\"PLAINTEXT\"}",
                        "{\"name\":\"REQUIRE_BACKUP_WITHIN\",\"value\":\"1h\",\"type\":\"PLAINTEXT\"}",
                        "{\"name\":\"SNAPSHOT_FIRST\",\"value\":\"true\",\"type\":\"PLAINTEXT\"}",
                        "{\"name\":\"DB_INSTANCE_ID\",\"value\":\"orders-prod\",\"type\":\"PLAINTEXT\"}");
    }

    @Test
    void lock_retry_and_repair_options_travel_in_task_as_given() {
        startSucceeds();

        CliRun run = CliRun.run(
                aws.env(),
                "codebuild",
                "run",
                "--lock-timeout",
                "2s",
                "migrate",
                "--lock-retries",
                "5",
                "--lock-retry-wait",
                "3s",
                "repair",
                "--accept-checksum",
                "1.2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(aws.requests(START).get(0).getBodyAsString())
                .contains(
                        "{\"name\":\"TASK\",\"value\":\"--lock-timeout 2s migrate --lock-retries 5 --lock-retry-wait 3s"
                                + " repair --accept-checksum 1.2\",\"type\":\"PLAINTEXT\"}");
    }

    @Test
    void runner_options_that_mean_nothing_in_a_build_are_refused_naming_the_option_and_why() {
        String password = "Pa55-Tail77zz";
        List<CliRun> runs = List.of(
                CliRun.run(aws.env(), "codebuild", "run", "--local", "migrate"),
                CliRun.run(aws.env(), "--local", "--keep", "codebuild", "run", "migrate"),
                CliRun.run(aws.env(), "codebuild", "run", "--ssl-root-cert", "/tmp/ca.pem", "ping"),
                CliRun.run(
                        aws.env(),
                        "codebuild",
                        "run",
                        "--database-url",
                        "postgresql://app:" + password.substring(0, 4),
                        password.substring(4) + "@db.internal/app",
                        "migrate"),
                CliRun.run(aws.env(), "codebuild", "run", "--lock-timeout", "30s", "--follow", "migrate"),
                CliRun.run(aws.env(), "codebuild", "run", "--connect-timeout", "0", "ping"));

        assertThat(runs)
                .allSatisfy(run -> assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT))
                .allSatisfy(run ->
                        assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1));
        assertThat(runs.get(0).err()).contains("--local is not passed on to a build", "without codebuild run");
        assertThat(runs.get(1).err()).contains("--local is not passed on to a build");
        assertThat(runs.get(2).err()).contains("--ssl-root-cert", "the image carries the RDS CA bundle");
        assertThat(runs.get(3).err())
                .contains("--database-url is not passed on to a build", "project's environment")
                .doesNotContain(password.substring(0, 4), password.substring(4));
        assertThat(runs.get(4).err()).contains("--follow is an option of codebuild run");
        assertThat(runs.get(5).err()).contains("--connect-timeout must be between 1 and 300");
        assertThat(aws.all()).as("requests WireMock received").isEmpty();
    }

    @Test
    void buildspec_path_sends_that_file_and_says_so(@TempDir Path dir) throws Exception {
        startSucceeds();
        Path own = dir.resolve("own-buildspec.yml");
        Files.writeString(
                own,
                "version: 0.2\n# a buildspec of our own\nphases:\n  build:\n    commands:\n"
                        + "      - docker run -e DRY_RUN \"$IMAGE_URI\" $TASK\n");

        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "--buildspec", own.toString(), "--dry-run", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(aws.requests(START).get(0).getBodyAsString()).contains("# a buildspec of our own");
        assertThat(run.out()).contains("buildspec: " + own.toAbsolutePath());
    }

    @Test
    void run_help_lists_every_task_with_one_line_and_what_becomes_of_the_runner_options() {
        CliRun run = CliRun.run(aws.env(), "codebuild", "run", "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Tasks")
                .containsPattern("\n\\s+ping\\s+Connect and print the server version")
                .containsPattern("\n\\s+migrate\\s+Apply the pending migrations")
                .containsPattern("\n\\s+cleanup-test-users\\s+Delete test users")
                .containsPattern("\n\\s+backfill-member-role\\s+Give an individual")
                .containsPattern("\n\\s+doctor\\s+Check, in order")
                .contains("Runner options passed on to the build", "--lock-timeout", "Refused", "--database-url");
        assertThat(run.out()).doesNotContainPattern("\n\\s+codebuild\\s").doesNotContainPattern("\n\\s+iam-policy\\s");
    }

    @Test
    void followed_lines_are_masked_for_secrets_and_url_passwords_only_and_json_stays_json() {
        String jsonLine = "{\"level\":\"INFO\",\"message\":\"pool ready: jdbc:postgresql://db.internal/app?user=app"
                + "&password=S3cr3t-JSON-9&sslmode=verify-full, 2 connections\",\"n\":2}";
        aws.server().stubFor(target(BATCH_GET).willReturn(json(builds(build("SUCCEEDED", true, "COMPLETED")))));
        logPage(
                null,
                "f/1",
                "pulling https://host:443/v2/x from build@example.com",
                "connecting to postgresql://app:Secr3t@Tail99zz@db.internal:5432/app?sslmode=verify-full",
                jsonLine,
                "the key is " + AwsStubs.SECRET_ACCESS_KEY);
        logPage("f/1", "f/1");

        CliRun run = CliRun.run(aws.env(), "codebuild", "logs", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines)
                .contains(
                        "pulling https://host:443/v2/x from build@example.com",
                        "connecting to postgresql://app:****@db.internal:5432/app?sslmode=verify-full",
                        "the key is ****");
        String masked =
                lines.stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        var parsed = software.amazon.awssdk.protocols.jsoncore.JsonNodeParser.create()
                .parse(masked)
                .asObject();
        assertThat(parsed.get("message").asString())
                .isEqualTo("pool ready: jdbc:postgresql://db.internal/app?user=app&password=****"
                        + "&sslmode=verify-full, 2 connections");
        assertThat(parsed.get("n").asNumber()).isEqualTo("2");
        assertThat(run.all()).doesNotContain("S3cr3t-JSON-9", "Secr3t", "Tail99zz");
    }

    private void startSucceeds() {
        aws.server()
                .stubFor(
                        target(START).willReturn(json("{\"build\":" + build("IN_PROGRESS", false, "SUBMITTED") + "}")));
    }

    private void noBuildsYet() {
        aws.server().stubFor(target(LIST).atPriority(10).willReturn(json("{\"ids\":[]}")));
    }

    private void logPage(String token, String next, String... lines) {
        var request = target(GET_LOG_EVENTS);
        request = token == null
                ? request.withRequestBody(matchingJsonPath("$[?(!@.nextToken)]"))
                : request.withRequestBody(matchingJsonPath("$.nextToken", equalTo(token)));
        aws.server().stubFor(request.willReturn(json(events(next, lines))));
    }

    private static String events(String next, String... lines) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            events.add("{\"timestamp\":" + (T0 * 1000 + i) + ",\"message\":" + jsonString(lines[i] + "\n")
                    + ",\"ingestionTime\":" + (T0 * 1000 + i) + "}");
        }
        return "{\"events\":[" + String.join(",", events) + "]"
                + (next == null ? "" : ",\"nextForwardToken\":\"" + next + "\",\"nextBackwardToken\":\"b/0\"") + "}";
    }

    private static String builds(String build) {
        return "{\"builds\":[" + build + "]}";
    }

    private static String build(String status, boolean complete, String currentPhase) {
        return build(ID, status, complete, currentPhase);
    }

    /** A build as BatchGetBuilds and StartBuild describe it, with the phases up to currentPhase. */
    private static String build(String id, String status, boolean complete, String currentPhase) {
        List<String> order = List.of(
                "SUBMITTED",
                "QUEUED",
                "PROVISIONING",
                "DOWNLOAD_SOURCE",
                "INSTALL",
                "PRE_BUILD",
                "BUILD",
                "POST_BUILD",
                "UPLOAD_ARTIFACTS",
                "FINALIZING",
                "COMPLETED");
        List<String> phases = new ArrayList<>();
        long t = T0;
        for (String phase : order.subList(0, order.indexOf(currentPhase) + 1)) {
            boolean current = phase.equals(currentPhase);
            boolean failed = phase.equals("BUILD") && !status.equals("SUCCEEDED") && !status.equals("IN_PROGRESS");
            long took = phase.equals("PROVISIONING") ? 20 : phase.equals("BUILD") ? 30 : 10;
            String phaseStatus = current
                    ? ""
                    : ",\"phaseStatus\":\"" + (failed ? "FAILED" : "SUCCEEDED") + "\"" + ",\"endTime\":" + (t + took)
                            + ",\"durationInSeconds\":" + took;
            String contexts = failed
                    ? ",\"contexts\":[{\"statusCode\":\"COMMAND_EXECUTION_ERROR\",\"message\":"
                            + "\"Error while executing command: docker run ... Reason: exit status 4\"}]"
                    : "";
            phases.add("{\"phaseType\":\"" + phase + "\",\"startTime\":" + t + phaseStatus + contexts + "}");
            t += current ? 0 : took;
        }
        return "{\"id\":\"" + id + "\",\"arn\":\"arn:aws:codebuild:eu-central-1:123456789012:build/" + id + "\","
                + "\"projectName\":\"db-runner\",\"buildStatus\":\"" + status + "\",\"buildComplete\":" + complete
                + ",\"currentPhase\":\"" + currentPhase + "\",\"startTime\":" + T0
                + (complete ? ",\"endTime\":" + (T0 + 120) : "") + ",\"initiator\":\"alice\","
                + "\"phases\":[" + String.join(",", phases) + "],"
                + "\"logs\":{\"groupName\":\"/aws/codebuild/db-runner\",\"streamName\":\"7f1c2d3e\"},"
                + "\"environment\":{\"type\":\"LINUX_CONTAINER\",\"image\":\"aws/codebuild/standard:7.0\","
                + "\"computeType\":\"BUILD_GENERAL1_SMALL\",\"environmentVariables\":["
                + "{\"name\":\"TASK\",\"value\":\"migrate\",\"type\":\"PLAINTEXT\"},"
                + "{\"name\":\"DATABASE_URL\",\"value\":\"prod/db-url\",\"type\":\"SECRETS_MANAGER\"}]}}";
    }

    private static String jsonString(String s) {
        return org.daadaar.runner.output.Json.write(s);
    }
}
