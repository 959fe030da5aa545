package org.daadaar.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings refused before any connection, through the real command line: exit 2 and one line. */
class TlsAndSocketInputTest {
    private static final String REMOTE = "postgresql://app:pw@db.internal:5432/core";

    @Test
    void an_unknown_ssl_mode_flag_is_bad_input() {
        CliRun run = CliRun.run("--database-url", REMOTE, "--ssl-mode", "verify_full", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--ssl-mode must be one of", "(was 'verify_full')");
    }

    @Test
    void an_unknown_pgsslmode_is_bad_input_even_for_doctor() {
        CliRun run = CliRun.run(Map.of("PGSSLMODE", "on"), "--database-url", REMOTE, "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("PGSSLMODE must be one of");
    }

    @Test
    void an_unknown_url_sslmode_is_bad_input() {
        CliRun run = CliRun.run("--database-url", REMOTE + "?sslmode=strict", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("sslmode must be one of", "(was 'strict')");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql:///core?host=/var/run/postgresql",
                "postgresql://%2Fvar%2Frun%2Fpostgresql/core",
                "postgresql://app@/core",
                "postgres://app@localhost/core?host=%2Ftmp"
            })
    void a_unix_socket_url_is_bad_input_saying_what_to_write(String url) {
        CliRun run = CliRun.run("--database-url", url, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("Unix-domain sockets are not supported", "postgresql://user@localhost:5432/db")
                .hasLineCount(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sslfactory=org.postgresql.ssl.NonValidatingFactory",
                "sslhostnameverifier=x",
                "socketFactory=x",
                "socketFactoryArg=x",
                "sslfactoryarg=x",
                "sslpasswordcallback=x",
                "sslpassword=x",
                "authenticationPluginClassName=x",
                "loggerLevel=DEBUG",
                "loggerFile=x",
                "requireAuth=password",
                "channelBinding=disable"
            })
    void jdbc_parameters_that_weaken_the_connection_are_refused_by_name(String parameter) {
        String name = parameter.substring(0, parameter.indexOf('='));
        CliRun run = CliRun.run(
                "--database-url", "jdbc:postgresql://db.internal/core?user=app&" + parameter + "&password=pw", "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(name.equals("channelBinding") ? "channelBinding" : "'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prepareThreshold=0", "unixSocket=/tmp", "frobnicate=1"})
    void other_jdbc_parameters_are_not_passed_to_the_driver(String parameter) {
        CliRun run = CliRun.run("--database-url", "jdbc:postgresql://db.internal/core?user=app&" + parameter, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("is not supported; supported: ApplicationName");
    }
}
