package org.daadaar.runner.iamauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.FakeSecretsManager.secretString;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakeSecretsManager;
import org.daadaar.runner.support.Leaks;
import org.daadaar.runner.support.SecureServerTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What --iam-auth refuses, against a real PostgreSQL that checks passwords over TLS with a test
 * CA's certificate for localhost (support/SecureServer): every refusal is exit 2 before any
 * connection, and the control case, verify-full, does reach the server.
 */
class IamAuthRefusalsTest extends SecureServerTestBase {
    private static final Map<String, String> AWS = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIDIAMREFUSALTEST",
            "AWS_SECRET_ACCESS_KEY", "refusal-Secret-Key-4Vn8",
            "AWS_REGION", "eu-west-1");
    private static final String NEEDS_VERIFY_FULL =
            "--iam-auth sends its token as a clear-text password, so it needs sslmode=verify-full";

    private static FakeSecretsManager secrets;

    @BeforeAll
    static void startSecrets() {
        secrets = FakeSecretsManager.start();
    }

    @AfterAll
    static void stopSecrets() {
        secrets.close();
    }

    private static String urlWithoutPassword() {
        return "postgresql://" + APP_USER + "@localhost:" + server.port() + "/postgres";
    }

    private static CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    static Stream<Arguments> weakerModes() {
        return Stream.of(
                Arguments.of(List.of("--iam-auth", "--ssl-mode", "require"), Map.of(), "require"),
                Arguments.of(List.of("--iam-auth", "--ssl-mode", "verify-ca"), Map.of(), "verify-ca"),
                Arguments.of(List.of("--iam-auth", "--ssl-mode", "disable"), Map.of(), "disable"),
                Arguments.of(List.of("--iam-auth"), Map.of("PGSSLMODE", "prefer"), "prefer"),
                Arguments.of(List.of("--ssl-mode", "require"), Map.of("DB_IAM_AUTH", "true"), "require"),
                // No mode named: a loopback host's default, prefer, is not good enough either.
                Arguments.of(List.of("--iam-auth"), Map.of(), "prefer"));
    }

    @ParameterizedTest
    @MethodSource("weakerModes")
    void refuses_every_mode_but_verify_full_before_connecting(
            List<String> options, Map<String, String> extraEnv, String mode) {
        Map<String, String> env = new HashMap<>(AWS);
        env.putAll(extraEnv);
        List<String> args = new java.util.ArrayList<>(options);
        args.addAll(List.of("--ssl-root-cert", server.ca().toString(), "--database-url", urlWithoutPassword(), "ping"));

        CliRun run = run(env, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(NEEDS_VERIFY_FULL, "(was " + mode + ")", "set --ssl-mode verify-full");
        assertThat(run.err()).as("refused before connecting").doesNotContain("Connecting to");
    }

    /**
     * The control case: verify-full reaches the server, which asks a role that logs in by password
     * for SCRAM; the runner sends nothing and names the grant that IAM login needs.
     */
    @Test
    void over_verify_full_a_role_that_logs_in_by_password_is_told_to_grant_rds_iam() {
        CliRun run = run(
                AWS,
                "--iam-auth",
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                server.ca().toString(),
                "--database-url",
                urlWithoutPassword(),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err())
                .contains("the IAM token login of user 'app_user' on localhost:" + server.port() + " failed")
                .contains("asked user 'app_user' for a SCRAM password", "GRANT rds_iam TO app_user");
    }

    @Test
    void refuses_a_password_in_the_url_without_printing_it() {
        String password = "Iam-Pa55-Leak-77";

        CliRun run = run(AWS, "--iam-auth", "--database-url", urlWith("localhost", password), "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--iam-auth logs in with a token instead of a password: remove the password");
        Leaks.assertNoPiece(run, 4, password);
    }

    @Test
    void refuses_a_password_secret_before_reading_it() {
        secrets.answer("iam/password", secretString("Never-Read-Pa55"));
        Map<String, String> env = new HashMap<>(secrets.env());

        CliRun run = run(
                env,
                "--iam-auth",
                "--database-url",
                urlWithoutPassword(),
                "--password-secret-id",
                "iam/password",
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("drop --password-secret-id (DB_PASSWORD_SECRET_ID)");
        assertThat(secrets.reads("iam/password")).isZero();
    }

    @Test
    void an_rds_secret_without_a_password_is_used_and_one_with_a_password_is_refused() {
        String host = "\"host\":\"localhost\",\"port\":" + server.port() + ",\"dbname\":\"postgres\"";
        secrets.answer("iam/no-password", secretString("{\"username\":\"app_user\"," + host + "}"));
        String password = "Vx9-Hq4-Pa55-Wz3";
        secrets.answer(
                "iam/with-password",
                secretString("{\"username\":\"app_user\",\"password\":\"" + password + "\"," + host + "}"));
        String[] tls = {
            "--ssl-mode", "verify-full", "--ssl-root-cert", server.ca().toString()
        };

        CliRun without =
                run(secrets.env(), concat(tls, "--iam-auth", "--database-secret-id", "iam/no-password", "ping"));
        CliRun with =
                run(secrets.env(), concat(tls, "--iam-auth", "--database-secret-id", "iam/with-password", "ping"));

        assertThat(without.exitCode()).as(without.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(without.err()).as("it reached the server").contains("GRANT rds_iam TO app_user");
        assertThat(with.exitCode()).as(with.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(with.err())
                .contains("secret 'iam/with-password' holds a password, but --iam-auth logs in with a token instead");
        Leaks.assertNoPiece(with, 4, password);
    }

    @Test
    void needs_a_user_a_region_and_a_real_database() {
        CliRun noUser = run(AWS, "--iam-auth", "--database-url", "postgresql://db.internal.example/app", "ping");
        CliRun noRegion = run(
                Map.of("AWS_ACCESS_KEY_ID", "AKIDX", "AWS_SECRET_ACCESS_KEY", "x-secret"),
                "--iam-auth",
                "--database-url",
                "postgresql://app_user@db.internal.example/app",
                "ping");
        CliRun local = run(AWS, "--iam-auth", "--local", "ping");

        assertThat(noUser.exitCode()).as(noUser.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noUser.err()).contains("--iam-auth signs its token for a database user, and none is given");
        assertThat(noRegion.exitCode()).as(noRegion.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noRegion.err())
                .contains("db.internal.example is not an RDS endpoint name", "set --region or AWS_REGION");
        assertThat(local.exitCode()).as(local.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(local.err()).contains("a throwaway --local PostgreSQL has no IAM");
    }

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }
}
