package org.daadaar.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.FakeSecretsManager.delayed;
import static org.daadaar.runner.support.FakeSecretsManager.error;
import static org.daadaar.runner.support.FakeSecretsManager.secretBinary;
import static org.daadaar.runner.support.FakeSecretsManager.secretString;
import static org.daadaar.runner.support.FakeSecretsManager.throttled;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakeSecretsManager;
import org.daadaar.runner.support.SecretValues;
import org.daadaar.runner.support.SecureServer;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real SDK client against a fake Secrets Manager, through the real command line. */
class SecretsManagerTest {
    private static final String SECRET = "prod/db-runner/database";

    private static DatabaseUrl db;
    private static FakeSecretsManager secrets;

    @BeforeAll
    static void start() {
        db = TestDatabase.fresh(SecretsManagerTest.class);
        secrets = FakeSecretsManager.start();
    }

    @AfterEach
    void forgetStubs() {
        secrets.reset();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    /** The test server trusts its users, so any password works; a real one when TEST_DATABASE_URL has it. */
    private static String password() {
        return db.password() != null ? db.password() : "ignored-by-trust-7Hq";
    }

    private static CliRun run(String... args) {
        return CliRun.run(secrets.env(), args);
    }

    @Test
    void a_secret_holding_a_url_leads_to_the_database() {
        secrets.answer(SECRET, secretString(SecretValues.libpqUrl(db, password())));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("database " + db.database(), "user " + db.user());
        assertThat(run.all()).doesNotContain(password());
        assertThat(secrets.reads(SECRET)).isEqualTo(1);
    }

    static Stream<Object> ports() {
        return Stream.of(db.port(), String.valueOf(db.port()));
    }

    @ParameterizedTest
    @MethodSource("ports")
    void an_rds_json_secret_leads_to_the_database_with_the_port_as_number_or_string(Object port) {
        secrets.answer(SECRET, secretString(SecretValues.rdsJson(db, password(), port)));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("database " + db.database());
        assertThat(run.all()).doesNotContain(password());
    }

    @Test
    void the_password_secret_replaces_the_password_in_the_url() {
        DatabaseUrl app = SecureServer.shared().role("sm_password_only", "the-right-one-5Kd");
        secrets.answer("prod/db-runner/password", secretString("the-right-one-5Kd"));

        CliRun run = run(
                "--database-url",
                SecretValues.libpqUrl(app, "a-stale-one-9Xw"),
                "--password-secret-id",
                "prod/db-runner/password",
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("user sm_password_only");
        assertThat(run.all()).doesNotContain("the-right-one-5Kd", "a-stale-one-9Xw");
    }

    @Test
    void the_password_secret_may_be_json_with_a_password_key() {
        DatabaseUrl app = SecureServer.shared().role("sm_password_json", "from-json-3Rv");
        secrets.answer(SECRET, secretString(SecretValues.rdsJson(app, "superseded-8Lp", app.port())));
        secrets.answer("prod/db-runner/password", secretString("{\"password\":\"from-json-3Rv\"}"));

        CliRun run = run("--database-secret-id", SECRET, "--password-secret-id", "prod/db-runner/password", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("user sm_password_json");
    }

    @Test
    void access_denied_is_an_environment_failure_pointing_at_the_iam_policy() {
        secrets.answer(
                SECRET,
                error(
                        "AccessDeniedException",
                        "User: arn:aws:sts::123456789012:assumed-role/build"
                                + " is not authorized to perform: secretsmanager:GetSecretValue"));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err())
                .contains("'" + SECRET + "'", "AccessDeniedException", "IAM policy", "secretsmanager:GetSecretValue");
        assertOneErrorLine(run);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_secret_that_does_not_exist_is_bad_input_naming_the_secret() {
        secrets.answer(SECRET, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("secret '" + SECRET + "' does not exist", "region");
        assertOneErrorLine(run);
    }

    @Test
    void rejected_aws_credentials_are_an_environment_failure() {
        secrets.answer(
                SECRET,
                error("UnrecognizedClientException", "The security token included in the request is" + " invalid."));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("rejected the build's credentials", "UnrecognizedClientException");
    }

    @Test
    void throttling_is_retried_and_then_succeeds() {
        secrets.answer(SECRET, throttled(), throttled(), secretString(SecretValues.libpqUrl(db, password())));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(secrets.reads(SECRET))
                .as("two throttled calls, then the one that answered")
                .isEqualTo(3);
    }

    @Test
    void an_endpoint_that_never_answers_fails_within_the_secrets_timeout_with_the_vpc_endpoint_hint()
            throws IOException {
        // The kernel completes the TCP handshake for a listening socket; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Instant started = Instant.now();

            CliRun run = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> CliRun.run(
                            FakeSecretsManager.envFor("http://127.0.0.1:" + silent.getLocalPort()),
                            "--secrets-timeout",
                            "1s",
                            "--database-secret-id",
                            SECRET,
                            "ping"));

            assertThat(Duration.between(started, Instant.now()))
                    .as("bounded by --secrets-timeout, not the SDK's minutes-long defaults")
                    .isLessThan(Duration.ofSeconds(1).plusSeconds(5));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.err()).contains("did not answer", "--secrets-timeout", "VPC endpoint", "security group");
            assertOneErrorLine(run);
        }
    }

    @Test
    void the_secrets_timeout_is_ten_seconds_with_three_for_each_attempt_unless_given() {
        assertThat(SecretsManagerReader.attemptTimeout(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(3));
        assertThat(SecretsManagerReader.attemptTimeout(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(300));
        assertThat(CliRun.run("--help").out()).contains("--secrets-timeout=D", "(default 10s)");
    }

    @Test
    void a_slow_answer_within_the_attempt_timeout_still_succeeds() {
        // 5 s gives each attempt 1.5 s: the answer comes well inside the first one.
        secrets.answer(SECRET, delayed(secretString(SecretValues.libpqUrl(db, password())), Duration.ofMillis(500)));

        CliRun run = run("--secrets-timeout", "5s", "--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(secrets.reads(SECRET)).as("answered by the first attempt").isEqualTo(1);
    }

    @Test
    void an_rds_secret_without_a_host_names_the_missing_key() {
        secrets.answer(SECRET, secretString("{\"username\":\"app\",\"password\":\"kept-quiet-4Tz\",\"port\":5432}"));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("'" + SECRET + "'", "no \"host\" key");
        assertThat(run.all()).doesNotContain("kept-quiet-4Tz");
    }

    @Test
    void a_value_that_is_neither_url_nor_json_is_refused_without_being_shown() {
        secrets.answer(SECRET, secretString("host=db.internal user=app password=kept-quiet-6Wm"));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("neither a database URL", "not shown");
        assertThat(run.all()).doesNotContain("kept-quiet-6Wm", "db.internal");
    }

    @Test
    void a_binary_secret_is_bad_input() {
        secrets.answer(SECRET, secretBinary("postgresql://app:pw@db/app".getBytes(StandardCharsets.UTF_8)));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("'" + SECRET + "'", "binary");
    }

    @Test
    void the_database_url_wins_and_no_secret_is_read() {
        secrets.answer(SECRET, error("AccessDeniedException", "denied"));

        CliRun run = run("--database-url", TestDatabase.cliUrl(db), "--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(secrets.requests()).isEmpty();
    }

    private static void assertOneErrorLine(CliRun run) {
        assertThat(run.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ");
    }
}
