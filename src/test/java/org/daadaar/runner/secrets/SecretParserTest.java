package org.daadaar.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretParserTest {
    private static final String ID = "prod/db";

    private static RunnerException refusal(String value) {
        RunnerException e = catchThrowableOfType(RunnerException.class, () -> SecretParser.databaseUrl(ID, value));
        assertThat(e).as("refused: " + value).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        return e;
    }

    @Test
    void an_rds_secret_gives_every_part() {
        DatabaseUrl url = SecretParser.databaseUrl(
                ID,
                """
                {"engine":"postgres","username":"app","password":"p@ss w:rd","host":"db.internal",
                 "port":6543,"dbname":"core","dbClusterIdentifier":"core-cluster"}""");

        assertThat(url)
                .extracting(
                        DatabaseUrl::user,
                        DatabaseUrl::password,
                        DatabaseUrl::host,
                        DatabaseUrl::port,
                        DatabaseUrl::database)
                .containsExactly("app", "p@ss w:rd", "db.internal", 6543, "core");
    }

    @Test
    void an_rds_secret_without_port_and_dbname_uses_libpq_defaults() {
        DatabaseUrl url = SecretParser.databaseUrl(ID, "{\"username\":\"app\",\"password\":\"pw1\",\"host\":\"h\"}");

        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.database()).isEqualTo("postgres");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"5433\"", "5433"})
    void the_port_may_be_a_number_or_a_string(String port) {
        String json = "{\"username\":\"app\",\"password\":\"pw1\",\"host\":\"h\",\"port\":" + port + "}";

        assertThat(SecretParser.databaseUrl(ID, json).port()).isEqualTo(5433);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "0", "70000", "5433.0", "true", "\"\""})
    void a_port_that_is_not_a_port_is_refused_by_name(String port) {
        String json = "{\"username\":\"app\",\"password\":\"pw1\",\"host\":\"h\",\"port\":" + port + "}";

        assertThat(refusal(json).getMessage()).contains("'" + ID + "'", "\"port\"", "1 to 65535");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"password\":\"hidden-1\",\"host\":\"h\"}                     | username",
                "{\"username\":\"app\",\"host\":\"h\"}                          | password",
                "{\"username\":\"app\",\"password\":\"hidden-1\"}               | host",
                "{\"username\":\"app\",\"password\":\"hidden-1\",\"host\":null} | host"
            })
    void a_missing_key_is_named(String json, String key) {
        RunnerException e = refusal(json);

        assertThat(e.getMessage()).contains("no \"" + key + "\" key").doesNotContain("hidden-1");
    }

    @Test
    void a_key_that_is_not_a_string_is_named_without_its_value() {
        RunnerException e = refusal("{\"username\":\"app\",\"password\":123456789,\"host\":\"h\"}");

        assertThat(e.getMessage())
                .contains("\"password\"", "not a non-empty string")
                .doesNotContain("123456789");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"password\": \"hidden-2", "{hidden-2}", "[\"hidden-2\"]"})
    void json_that_is_broken_or_not_an_object_is_refused_without_being_shown(String value) {
        RunnerException e = refusal(value);

        assertThat(e.getMessage()).contains("'" + ID + "'").doesNotContain("hidden-2");
        assertThat(e.getCause()).as("a parser's message may quote the value").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidden-3", "mysql://app:hidden-3@h/db", "host=h password=hidden-3", ""})
    void a_value_that_is_neither_url_nor_json_is_refused_without_being_shown(String value) {
        assertThat(refusal(value).getMessage())
                .contains("neither a database URL")
                .doesNotContain("hidden-3");
    }

    @Test
    void a_malformed_url_in_a_secret_names_the_secret_and_the_fault_but_not_the_password() {
        RunnerException e = refusal("postgresql://app:hidden-4@db.internal:70000/core");

        assertThat(e.getMessage()).contains("'" + ID + "'", "port").doesNotContain("hidden-4");
    }

    @Test
    void a_password_secret_is_the_bare_value_or_json_with_a_password_key() {
        assertThat(SecretParser.password(ID, " spaced p@ss ")).isEqualTo(" spaced p@ss ");
        assertThat(SecretParser.password(ID, "{\"password\":\"from-json\"}")).isEqualTo("from-json");
    }

    @Test
    void a_json_password_secret_without_a_password_key_says_what_it_should_hold() {
        RunnerException e =
                catchThrowableOfType(RunnerException.class, () -> SecretParser.password(ID, "{\"pass\":\"hidden-5\"}"));

        assertThat(e.getMessage())
                .contains("no \"password\" key", "password secret")
                .doesNotContain("RDS", "hidden-5");
    }

    @Test
    void an_empty_password_secret_is_refused() {
        RunnerException e = catchThrowableOfType(RunnerException.class, () -> SecretParser.password(ID, ""));

        assertThat(e.getMessage()).contains("'" + ID + "'", "empty");
    }

    @Test
    void a_password_secret_loses_the_newline_a_file_left_at_its_end_and_nothing_else() {
        assertThat(SecretParser.password("pw", "s3cret-with-space \n")).isEqualTo("s3cret-with-space ");
        assertThat(SecretParser.password("pw", "s3cret\r\n")).isEqualTo("s3cret");
        assertThat(SecretParser.password("pw", " s3cret")).isEqualTo(" s3cret");
    }
}
