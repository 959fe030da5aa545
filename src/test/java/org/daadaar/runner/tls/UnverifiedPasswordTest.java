package org.daadaar.runner.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakePasswordServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sslmode=require encrypts but checks no certificate, so the server may be an impostor: one that
 * asks for the password in clear text or as MD5 must not get it.
 */
class UnverifiedPasswordTest {
    private static final String PASSWORD = "Imp0stor-Bait-7731";

    private static CliRun ping(FakePasswordServer server, String... more) {
        String url = "postgresql://app:" + PASSWORD + "@localhost:" + server.port() + "/core";
        String[] args = new String[more.length + 5];
        System.arraycopy(more, 0, args, 0, more.length);
        System.arraycopy(
                new String[] {"--database-url", url, "--ssl-mode", "require", "ping"}, 0, args, more.length, 5);
        return CliRun.run(args);
    }

    static Stream<Arguments> passwordRequests() {
        return Stream.of(
                Arguments.of("clear text", (Callable<FakePasswordServer>) FakePasswordServer::askingForCleartext, ""),
                Arguments.of("MD5", (Callable<FakePasswordServer>) FakePasswordServer::askingForMd5, "--verbose"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordRequests")
    void a_password_request_over_unverified_tls_is_refused_and_the_password_never_sent(
            String kind, Callable<FakePasswordServer> impostor, String verbosity) throws Exception {
        try (FakePasswordServer server = impostor.call()) {
            CliRun run = verbosity.isEmpty() ? ping(server) : ping(server, verbosity);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.err())
                    .contains("asked for the password in clear text or as MD5", "not verified (sslmode=require)")
                    .contains("so it was not sent");
            assertThat(server.passwordRequests()).as("the impostor asked").isPositive();
            assertThat(server.passwordMessages())
                    .as("what the impostor received")
                    .isEmpty();
            assertThat(run.all()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void doctor_fails_the_tls_check_with_the_same_reason() throws Exception {
        try (FakePasswordServer server = FakePasswordServer.askingForCleartext()) {
            CliRun run = CliRun.run(
                    "--database-url",
                    "postgresql://app:" + PASSWORD + "@localhost:" + server.port() + "/core",
                    "--ssl-mode",
                    "require",
                    "doctor");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.out()).contains("FAIL  tls-verifies", "clear text or as MD5", "SKIP  login-works");
            assertThat(server.passwordMessages()).isEmpty();
        }
    }

    @Test
    void verify_full_stops_the_impostor_at_its_certificate_before_it_can_ask() throws Exception {
        try (FakePasswordServer server = FakePasswordServer.askingForCleartext()) {
            CliRun run = CliRun.run(
                    "--database-url",
                    "postgresql://app:" + PASSWORD + "@localhost:" + server.port() + "/core",
                    "--ssl-mode",
                    "verify-full",
                    "ping");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.err()).contains("TLS with localhost:", "RDS global CA bundle");
            assertThat(server.passwordRequests()).isZero();
        }
    }

    /** Shows the fake server would catch a password: plain pgjdbc with require sends it. */
    @Test
    void the_fake_server_receives_the_password_from_a_driver_without_the_runners_settings() throws Exception {
        try (FakePasswordServer server = FakePasswordServer.askingForCleartext()) {
            Properties p = new Properties();
            p.setProperty("user", "app");
            p.setProperty("password", PASSWORD);
            p.setProperty("sslmode", "require");
            p.setProperty("connectTimeout", "5");

            assertThatThrownBy(
                    () -> DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/core", p)
                            .close());
            assertThat(server.passwordMessages()).singleElement().asString().startsWith(PASSWORD);
        }
    }
}
