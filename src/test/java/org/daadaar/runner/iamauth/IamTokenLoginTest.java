package org.daadaar.runner.iamauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslMode;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.output.Redactor;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakePasswordServer;
import org.daadaar.runner.support.FakePasswordServer.AfterPassword;
import org.daadaar.runner.support.Leaks;
import org.daadaar.runner.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --iam-auth against an RDS stand-in on loopback (support/FakePasswordServer): verified TLS with a
 * test CA's certificate for localhost, a request for a clear-text password, and the password
 * message recorded. The tokens come from the real SDK's RdsUtilities, signed with the test
 * credentials below, and are signed again here to show that they are valid.
 */
class IamTokenLoginTest {
    private static final String KEY_ID = "AKIDIAMTOKENTEST7Q2";
    private static final String SECRET_KEY = "iam-Secret-Key-9f3Kx7Qw/Zt5";
    private static final String SESSION_TOKEN = "iam-Session-Token-Zq8Lp2Vn";
    private static final Map<String, String> ENV = Map.of(
            "AWS_ACCESS_KEY_ID", KEY_ID,
            "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
            "AWS_SESSION_TOKEN", SESSION_TOKEN,
            "AWS_REGION", "eu-west-1");

    private static TestCertificates authority;
    private static Path ca;

    @BeforeAll
    static void testCa(@TempDir Path dir) throws Exception {
        authority = TestCertificates.newAuthority("db-runner IAM test CA");
        ca = authority.writeCa(dir.resolve("ca.pem"));
    }

    private static FakePasswordServer server(AfterPassword after) throws Exception {
        return FakePasswordServer.rdsLike(authority.serverContext("localhost"), after);
    }

    private static CliRun iamRun(FakePasswordServer server, String task) {
        return CliRun.run(
                ENV,
                "--database-url",
                "postgresql://app_user@localhost:" + server.port() + "/app",
                "--iam-auth",
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                ca.toString(),
                "--connect-timeout",
                "2",
                task);
    }

    /** The password message's payload is the token and a terminating zero byte. */
    private static List<String> tokens(FakePasswordServer server) {
        return server.passwordMessages().stream()
                .map(m -> m.endsWith("\0") ? m.substring(0, m.length() - 1) : m)
                .toList();
    }

    @Test
    void sends_a_signed_rds_token_as_the_clear_text_password_and_names_what_to_check_when_refused() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (FakePasswordServer server = server(AfterPassword.REFUSE_LIKE_RDS)) {
            CliRun run = iamRun(server, "ping");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.err())
                    .as(run.toString())
                    .contains("the IAM token login of user 'app_user' on localhost:" + server.port() + " failed")
                    .contains("PAM authentication failed", "granted rds_iam", "rds-db:connect");
            assertThat(tokens(server)).hasSize(1);
            String token = tokens(server).get(0);
            SignedToken signed = SignedToken.parse(token);
            assertThat(token).as("RDS's form: host:port/?query").startsWith("localhost:" + server.port() + "/?");
            assertThat(signed.rawParameters())
                    .containsEntry("Action", "connect")
                    .containsEntry("DBUser", "app_user")
                    .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                    .containsEntry("X-Amz-Expires", "900")
                    .containsEntry("X-Amz-SignedHeaders", "host")
                    .containsKeys("X-Amz-Date", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Security-Token");
            String day = signed.parameter("X-Amz-Date").substring(0, 8);
            assertThat(signed.parameter("X-Amz-Credential"))
                    .isEqualTo(KEY_ID + "/" + day + "/eu-west-1/rds-db/aws4_request");
            assertThat(signed.parameter("X-Amz-Security-Token")).isEqualTo(SESSION_TOKEN);
            assertThat(signed.signature()).matches("[0-9a-f]{64}");
            assertThat(signed.signatureMatches(SECRET_KEY))
                    .as("signed with the secret key for rds-db in eu-west-1")
                    .isTrue();
            assertThat(signedAt(signed)).isBetween(before, Instant.now());

            assertThat(run.all()).doesNotContain(token);
            Leaks.assertNoPiece(run, 8, signed.signature(), SECRET_KEY, SESSION_TOKEN);
        }
    }

    /**
     * What the pool does for each new physical connection (db/FirstConnectionSource): the same
     * properties, handed to the driver again. Each login completes and the two connections are
     * open together, each with a token made for it, the later one signed later.
     */
    @Test
    void each_new_connection_gets_a_token_made_when_it_logs_in() throws Exception {
        try (FakePasswordServer server = server(AfterPassword.ACCEPT)) {
            DatabaseUrl url = new DatabaseUrl("localhost", server.port(), "app", "app_user", null, Map.of());
            ConnectionSettings settings = settings(url, IamLogin.create("localhost", null, ENV, new Redactor()));
            Properties properties = settings.driverProperties();
            assertThat(properties).doesNotContainKey("password");
            assertThat(properties.getProperty("authenticationPluginClassName"))
                    .isEqualTo(IamTokenPlugin.class.getName());

            try (Connection first = DriverManager.getConnection(url.jdbcUrl(), properties)) {
                awaitNextSecond(); // SigV4 dates have whole seconds: two tokens of one second are alike
                try (Connection second = DriverManager.getConnection(url.jdbcUrl(), properties)) {
                    assertThat(first.isClosed()).isFalse();
                    assertThat(second.isClosed()).isFalse();
                }
            }

            List<String> tokens = tokens(server);
            assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
            SignedToken one = SignedToken.parse(tokens.get(0));
            SignedToken two = SignedToken.parse(tokens.get(1));
            assertThat(one.signatureMatches(SECRET_KEY)).isTrue();
            assertThat(two.signatureMatches(SECRET_KEY)).isTrue();
            assertThat(signedAt(two)).isAfter(signedAt(one));
        }
    }

    @Test
    void a_token_that_cannot_be_signed_fails_the_login_with_the_reason_and_sends_nothing() throws Exception {
        try (FakePasswordServer server = server(AfterPassword.ACCEPT)) {
            DatabaseUrl url = new DatabaseUrl("localhost", server.port(), "app", "app_user", null, Map.of());
            // A provider that fails, as the default chain does on a machine without credentials.
            IamLogin login = new IamLogin(
                    "eu-west-1",
                    () -> {
                        throw new IllegalStateException("Unable to load credentials from any of the providers");
                    },
                    new Redactor());

            Throwable failure = catchThrowable(() -> DriverManager.getConnection(
                    url.jdbcUrl(), settings(url, login).driverProperties()));

            assertThat(failure)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("could not sign an RDS IAM token for user 'app_user'")
                    .hasMessageContaining("Unable to load credentials");
            assertThat(server.passwordRequests()).isEqualTo(1);
            assertThat(server.passwordMessages()).isEmpty();
        }
    }

    @Test
    void doctor_says_the_login_is_by_token_and_what_to_check_when_it_is_refused() throws Exception {
        try (FakePasswordServer server = server(AfterPassword.REFUSE_LIKE_RDS)) {
            CliRun run = iamRun(server, "doctor");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.out())
                    .as(run.toString())
                    .containsPattern("PASS +iam-auth .*login by RDS IAM token as app_user, signed for eu-west-1")
                    .contains("valid 15 minutes")
                    .containsPattern("PASS +tls-verifies")
                    .containsPattern("FAIL +login-works .*IAM token login of user 'app_user' .* failed")
                    .contains("granted rds_iam")
                    .contains("hint: GRANT rds_iam TO app_user", "--iam-db-user app_user")
                    .containsPattern("token made at \\S+Z, valid until \\S+Z");
            assertThat(tokens(server)).hasSize(1);
            Leaks.assertNoPiece(run, 8, SignedToken.parse(tokens(server).get(0)).signature(), SECRET_KEY);
        }
    }

    private static ConnectionSettings settings(DatabaseUrl url, IamLogin login) {
        return new ConnectionSettings(
                url,
                new SslPolicy.Tls(SslMode.VERIFY_FULL, ca),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                "db-runner/test",
                login);
    }

    private static Instant signedAt(SignedToken token) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .parse(token.parameter("X-Amz-Date"), Instant::from);
    }

    /** At most one second, and not a duration the code under test could be given instead. */
    private static void awaitNextSecond() throws InterruptedException {
        long now = Instant.now().getEpochSecond();
        while (Instant.now().getEpochSecond() == now) {
            Thread.sleep(20);
        }
    }
}
