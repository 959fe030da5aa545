package org.daadaar.runner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.SecureServerTestBase;
import org.junit.jupiter.api.Test;

/** doctor's database hops, each failing for its own reason against a TLS, password-checking server. */
class DoctorDatabaseChecksTest extends SecureServerTestBase {

    private static CliRun doctor(String url, String ca) {
        return CliRun.run("--database-url", url, "--ssl-mode", "verify-full", "--ssl-root-cert", ca, "doctor");
    }

    private static String urlWith(String password) {
        return urlWith("localhost", password);
    }

    @Test
    void a_closed_port_fails_the_port_check_with_the_security_group_hint_and_skips_the_rest() {
        CliRun run = CliRun.run("--database-url", "postgresql://app:pw@127.0.0.1:1/app", "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "PASS  configuration",
                        "PASS  database-host-resolves",
                        "FAIL  database-port-answers",
                        "hint: the database's security group must allow port 1",
                        "(infra/: database_security_group_id, vpc_id and subnet_ids)",
                        "SKIP  tls-verifies",
                        "SKIP  login-works",
                        "SKIP  schema-up-to-date");
    }

    @Test
    void an_unknown_host_fails_the_dns_check() {
        CliRun run = CliRun.run("--database-url", "postgresql://app:pw@db.nowhere.invalid/app", "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out()).contains("FAIL  database-host-resolves", "db.nowhere.invalid");
    }

    @Test
    void a_foreign_ca_fails_the_tls_check_with_the_bundle_hint() {
        CliRun run = doctor(urlWith(PASSWORD), server.foreignCa().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "PASS  database-port-answers",
                        "FAIL  tls-verifies",
                        "foreign-ca.pem",
                        "hint: the CA bundle",
                        "SKIP  login-works");
    }

    @Test
    void a_wrong_password_passes_tls_and_fails_the_login_check() {
        CliRun run = doctor(urlWith("not-the-password"), server.ca().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "PASS  tls-verifies", "FAIL  login-works", "28P01", "hint: check the user and password");
        assertThat(run.all()).doesNotContain("not-the-password");
    }

    @Test
    void every_check_is_one_object_in_json_output() {
        CliRun run = CliRun.run(
                "--database-url",
                urlWith(PASSWORD),
                "--ssl-mode",
                "verify-full",
                "--ssl-root-cert",
                server.ca().toString(),
                "--output",
                "json",
                "doctor");

        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.out())
                .startsWith("{\"task\":\"doctor\"")
                .contains(
                        "{\"name\":\"configuration\",\"result\":\"PASS\"",
                                "{\"name\":\"tls-verifies\",\"result\":\"PASS\"",
                        "{\"name\":\"login-works\",\"result\":\"PASS\"", "\"name\":\"schema-up-to-date\"");
    }

    @Test
    void doctor_runs_alone() {
        CliRun run = CliRun.run("--database-url", urlWith(PASSWORD), "doctor", "ping");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("doctor runs alone");
    }

    @Test
    void a_refused_tls_mode_fails_the_configuration_check_not_dns() {
        CliRun run = CliRun.run(
                "--database-url",
                "postgresql://app:pw@db.prod.example.internal/app",
                "--ssl-mode",
                "disable",
                "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "FAIL  configuration", "sslmode=disable is refused", "SKIP  database-host-resolves");
    }

    @Test
    void the_tls_check_reports_what_the_handshake_established() {
        CliRun run = doctor(urlWith(PASSWORD), server.ca().toString());

        assertThat(run.out())
                .as(run.toString())
                .containsSubsequence(
                        "PASS  tls-verifies",
                        "certificate chain verified against " + server.ca(),
                        "host name localhost checked",
                        "server certificate CN=localhost, expires",
                        "PASS  login-works");
    }

    @Test
    void require_fails_the_tls_check_because_nothing_was_checked() {
        CliRun run = CliRun.run("--database-url", urlWith(PASSWORD), "--ssl-mode", "require", "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "FAIL  tls-verifies",
                        "encrypted, but TLSv1.3, certificate NOT verified (sslmode=require",
                        "hint: verify-full is the default",
                        "PASS  login-works");
    }
}
