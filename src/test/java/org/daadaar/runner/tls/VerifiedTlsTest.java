package org.daadaar.runner.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.SecureServerTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a PostgreSQL with ssl=on and a certificate for "localhost" signed by a CA made here. */
class VerifiedTlsTest extends SecureServerTestBase {
    @TempDir
    Path dir;

    private static String url(String host) {
        return urlWith(host, PASSWORD);
    }

    @Test
    void verify_full_with_the_right_ca_reports_what_the_handshake_checked() {
        CliRun run = CliRun.run(
                "--database-url",
                url("localhost"),
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                server.ca().toString(),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "TLS on (TLSv1.3, certificate chain verified against " + server.ca(),
                        "host name localhost checked",
                        "server certificate CN=localhost, expires 20",
                        "user app_user");
    }

    @Test
    void a_ca_bundle_from_pgsslrootcert_and_the_url_sslmode_verify_as_well() {
        CliRun run = CliRun.run(
                Map.of("PGSSLROOTCERT", server.ca().toString()),
                "--database-url",
                url("localhost") + "?sslmode=verify-full",
                "--output",
                "json",
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "\"tls\":true",
                        "\"tls_verified\":true",
                        "\"tls_host_name_checked\":true",
                        "\"tls_server_subject\":\"CN=localhost\"",
                        "\"sslmode\":\"verify-full\"");
    }

    @Test
    void a_certificate_from_a_foreign_ca_is_an_environment_failure_naming_the_bundle() {
        CliRun run = CliRun.run(
                "--database-url",
                url("localhost"),
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                server.foreignCa().toString(),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("TLS with localhost:", "foreign-ca.pem", "CA that signed");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_host_name_the_certificate_does_not_name_fails_verify_full() {
        CliRun run = CliRun.run(
                "--database-url",
                url("127.0.0.1"),
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                server.ca().toString(),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("host name matches");
    }

    @Test
    void require_encrypts_but_reports_the_certificate_as_not_verified() {
        CliRun run = CliRun.run("--database-url", url("localhost"), "--ssl-mode", "require", "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("TLS on (TLSv1.3, certificate NOT verified (sslmode=require", "CN=localhost")
                .doesNotContain("host name localhost checked");
    }

    @Test
    void verify_ca_checks_the_chain_and_says_the_host_name_was_not_checked() {
        CliRun run = CliRun.run(
                "--database-url",
                url("127.0.0.1"),
                "--ssl-mode",
                "verify-ca",
                "--ssl-root-cert",
                server.ca().toString(),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("certificate chain verified against", "host name NOT checked (sslmode=verify-ca)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sslfactory=org.postgresql.ssl.NonValidatingFactory",
                "sslhostnameverifier=org.example.YesToAll",
                "socketFactory=org.example.Relay",
                "sslfactoryarg=x",
                "sslpasswordcallback=org.example.Prompt",
                "authenticationPluginClassName=org.example.Plugin",
                "loggerLevel=TRACE",
                "loggerFile=%2Ftmp%2Fpg.log"
            })
    void a_jdbc_url_cannot_replace_what_checks_the_server(String parameter) {
        String name = parameter.substring(0, parameter.indexOf('='));
        CliRun run = CliRun.run(
                "--database-url",
                "jdbc:postgresql://localhost:" + server.port() + "/postgres?user=" + APP_USER + "&password=" + PASSWORD
                        + "&sslmode=verify-full&sslrootcert=" + server.ca() + "&" + parameter,
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("the URL parameter '" + name + "' is refused");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_wrong_password_is_an_environment_failure_naming_the_credentials() {
        CliRun run = CliRun.run(
                "--database-url",
                urlWith("localhost", "wrong"),
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                server.ca().toString(),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("refused the login of user 'app_user'", "28P01", "rotated");
    }

    @Test
    void sslmode_disable_for_a_remote_host_is_refused_before_any_connection() {
        CliRun run = CliRun.run(
                "--database-url", "postgresql://app:pw@db.prod.example.internal/app?sslmode=disable", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("sslmode=disable is refused for db.prod.example.internal")
                .doesNotContain("Connecting");
    }

    @Test
    void a_missing_ca_bundle_file_is_bad_input() {
        CliRun run = CliRun.run(
                "--database-url",
                url("localhost"),
                "--ssl-root-cert",
                dir.resolve("nope.pem").toString(),
                "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("nope.pem", "does not exist");
    }
}
