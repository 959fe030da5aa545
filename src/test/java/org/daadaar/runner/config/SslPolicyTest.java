package org.daadaar.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SslPolicyTest {
    @TempDir
    Path dir;

    private SslPolicy noImageBundle() {
        return SslPolicy.withImageBundle(dir.resolve("absent.pem"));
    }

    private static DatabaseUrl url(String url) {
        return DatabaseUrl.parse(url);
    }

    private static TlsRequest noRequest() {
        return new TlsRequest(null, null, null, null);
    }

    /** --ssl-mode and --ssl-root-cert as given on the command line, nothing from the environment. */
    private static TlsRequest flag(String mode, String rootCert) {
        return new TlsRequest(mode, null, rootCert, null);
    }

    @Test
    void a_remote_host_without_the_image_gets_verify_full_with_the_bundle_packaged_in_the_jar() throws Exception {
        SslPolicy.Tls tls = noImageBundle().decide(url("postgresql://app@db.internal/app"), noRequest());

        assertThat(tls.mode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(tls.rootCertName()).isEqualTo("the RDS global CA bundle packaged in the jar");
        assertThat(Files.readString(tls.rootCert()))
                .as("the same file as the image's")
                .isEqualTo(Files.readString(Path.of("docker/rds-global-bundle.pem")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.rootCert())))
                .as("nobody else can replace the CA the runner trusts")
                .isEqualTo("rw-------");
    }

    @Test
    void require_is_used_only_when_named() {
        SslPolicy.Tls tls = noImageBundle().decide(url("postgresql://app@db.internal/app"), flag("require", null));

        assertThat(tls.mode()).isEqualTo(SslMode.REQUIRE);
        assertThat(tls.rootCert()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify_full", "on", "VERIFY-FULL"})
    void an_unknown_mode_from_the_flag_or_pgsslmode_is_bad_input_naming_its_source(String mode) {
        assertThatThrownBy(() -> flag(mode, null))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("--ssl-mode must be one of")
                .satisfies(e -> assertThat(((RunnerException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT));
        assertThatThrownBy(() -> new TlsRequest(null, mode, null, null))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("PGSSLMODE must be one of");
    }

    @Test
    void a_remote_host_gets_verify_full_with_the_image_bundle_when_it_exists() throws Exception {
        Path bundle = Files.writeString(dir.resolve("rds.pem"), "-----BEGIN CERTIFICATE-----\n");

        SslPolicy.Tls tls =
                SslPolicy.withImageBundle(bundle).decide(url("postgresql://app@db.internal/app"), noRequest());

        assertThat(tls.mode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(tls.rootCert()).isEqualTo(bundle);
    }

    @Test
    void a_loopback_host_gets_prefer() {
        assertThat(noImageBundle()
                        .decide(url("postgresql://app@localhost/app"), noRequest())
                        .mode())
                .isEqualTo(SslMode.PREFER);
    }

    @Test
    void the_flag_beats_the_url_sslmode() {
        SslPolicy.Tls tls = noImageBundle()
                .decide(url("postgresql://app@db.internal/app?sslmode=require"), flag("verify-ca", null));

        assertThat(tls.mode()).isEqualTo(SslMode.VERIFY_CA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disable", "allow", "prefer"})
    void modes_that_may_fall_back_to_clear_text_are_refused_for_remote_hosts(String mode) {
        assertThatThrownBy(() -> noImageBundle().decide(url("postgresql://app@db.internal/app"), flag(mode, null)))
                .isInstanceOf(RunnerException.class)
                .hasMessageContaining("sslmode=" + mode + " is refused for db.internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.0.0.2", "::1", "LOCALHOST"})
    void loopback_hosts_are_recognised_without_dns(String host) {
        assertThat(SslPolicy.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost.example.com", "10.0.0.1", "db.internal", "2001:db8::1", "128.0.0.1"})
    void other_hosts_are_not_loopback(String host) {
        assertThat(SslPolicy.isLoopback(host)).isFalse();
    }

    @Test
    void the_url_sslmode_beats_pgsslmode_as_in_libpq() {
        SslPolicy.Tls tls = noImageBundle()
                .decide(
                        url("postgresql://app@db.internal/app?sslmode=verify-ca"),
                        new TlsRequest(null, "require", null, null));

        assertThat(tls.mode()).isEqualTo(SslMode.VERIFY_CA);
    }

    @Test
    void pgsslmode_applies_when_neither_flag_nor_url_says() {
        SslPolicy.Tls tls = noImageBundle()
                .decide(url("postgresql://app@db.internal/app"), new TlsRequest(null, "verify-ca", null, null));

        assertThat(tls.mode()).isEqualTo(SslMode.VERIFY_CA);
    }

    @Test
    void the_url_sslrootcert_beats_pgsslrootcert_which_the_image_sets() throws Exception {
        Path fromUrl = Files.writeString(dir.resolve("url.pem"), "x");
        Path fromEnv = Files.writeString(dir.resolve("env.pem"), "x");

        SslPolicy.Tls tls = noImageBundle()
                .decide(
                        url("postgresql://app@db.internal/app?sslrootcert=" + fromUrl),
                        new TlsRequest(null, null, null, fromEnv.toString()));

        assertThat(tls.rootCert()).isEqualTo(fromUrl);
        assertThat(tls.mode()).isEqualTo(SslMode.VERIFY_FULL);
    }
}
