package org.daadaar.runner.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.FakeSecretsManager.error;
import static org.daadaar.runner.support.FakeSecretsManager.secretString;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakeSecretsManager;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** doctor's Secrets Manager hops against a WireMock stub, and its schema check on a real database. */
class DoctorSecretsAndSchemaTest {
    private static final String SECRET = "prod/db-runner/database-url";

    private static FakeSecretsManager secrets;
    private static DatabaseUrl db;

    @BeforeAll
    static void start() {
        secrets = FakeSecretsManager.start();
        db = TestDatabase.fresh(DoctorSecretsAndSchemaTest.class);
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    @BeforeEach
    void reset() {
        secrets.reset();
    }

    @Test
    void access_denied_fails_the_secret_check_with_the_iam_hint() {
        secrets.answer(
                SECRET, error("AccessDeniedException", "not authorized to perform secretsmanager:GetSecretValue"));

        CliRun run = CliRun.run(secrets.env(), "--database-secret-id", SECRET, "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "PASS  configuration",
                        "PASS  secrets-manager-reachable",
                        "FAIL  secret-readable",
                        "AccessDeniedException",
                        "hint: the build role needs secretsmanager:GetSecretValue",
                        "SKIP  database-host-resolves");
    }

    /** How long the read may take is SecretsManagerTest's; here, which check it fails and why. */
    @Test
    void an_endpoint_that_accepts_and_never_answers_passes_the_reachability_check_and_fails_the_secret_check()
            throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run(
                    FakeSecretsManager.envFor("http://127.0.0.1:" + silent.getLocalPort()),
                    "--secrets-timeout",
                    "1s",
                    "--database-secret-id",
                    SECRET,
                    "doctor");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.out())
                    .containsSubsequence(
                            "PASS  secrets-manager-reachable",
                            "FAIL  secret-readable",
                            "did not answer",
                            "--secrets-timeout",
                            "SKIP  database-host-resolves");
        }
    }

    @Test
    void an_endpoint_nobody_listens_on_fails_the_reachability_check_with_the_vpc_endpoint_hint() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CliRun run = CliRun.run(
                FakeSecretsManager.envFor("http://127.0.0.1:" + closedPort), "--database-secret-id", SECRET, "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "FAIL  secrets-manager-reachable",
                        "refused",
                        "hint: create an interface VPC endpoint for Secrets Manager");
    }

    @Test
    void pending_migrations_fail_the_schema_check_naming_them_then_migrate_makes_every_check_pass() {
        secrets.answer(SECRET, secretString(TestDatabase.cliUrl(db)));

        CliRun before = CliRun.run(secrets.env(), "--database-secret-id", SECRET, "doctor");

        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(before.out())
                .containsSubsequence(
                        "PASS  secret-readable",
                        "PASS  login-works",
                        "FAIL  schema-up-to-date",
                        "3 pending migration(s): V1 (initial schema), V2 (runner audit), V3 (runner audit moved to db runner)",
                        "hint: run the migrate task");

        assertThat(CliRun.run("--database-url", TestDatabase.cliUrl(db), "migrate")
                        .exitCode())
                .isZero();
        CliRun after = CliRun.run(secrets.env(), "--database-secret-id", SECRET, "doctor");

        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out())
                .contains("PASS  schema-up-to-date", "doctor: every check passed")
                .doesNotContain("FAIL");
    }
}
