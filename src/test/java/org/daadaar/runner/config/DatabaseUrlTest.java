package org.daadaar.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

class DatabaseUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            postgresql://app:pw@db.internal:6543/appdb               | db.internal | 6543 | appdb    | app  | pw
            postgres://app:pw@db.internal/appdb                      | db.internal | 5432 | appdb    | app  | pw
            postgresql://app@10.0.1.7/appdb                          | 10.0.1.7    | 5432 | appdb    | app  |
            postgresql://app:pw@[2001:db8::7]:5433/appdb             | 2001:db8::7 | 5433 | appdb    | app  | pw
            postgresql://app:pw@[::1]/appdb                          | ::1         | 5432 | appdb    | app  | pw
            postgresql://app:pw@db.internal                          | db.internal | 5432 | app      | app  | pw
            postgresql://db.internal/appdb?user=app&password=pw      | db.internal | 5432 | appdb    | app  | pw
            postgresql://app:pw@db.internal/my%20db                  | db.internal | 5432 | my db    | app  | pw
            jdbc:postgresql://db.internal:5433/appdb?user=app&password=pw | db.internal | 5433 | appdb | app | pw
            jdbc:postgresql://db.internal/appdb                      | db.internal | 5432 | appdb    |      |
            """)
    void parses_the_parts_of_libpq_and_jdbc_urls(
            String url, String host, int port, String db, String user, String password) {
        DatabaseUrl parsed = DatabaseUrl.parse(url);

        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
        assertThat(parsed.database()).isEqualTo(db);
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
    }

    @Test
    void decodes_a_password_holding_every_reserved_character() {
        String password = "p@ss:w/rd?#%&=+ x";
        String encoded = "p%40ss%3Aw%2Frd%3F%23%25%26%3D%2B%20x";

        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://app:" + encoded + "@db.internal:5432/appdb");

        assertThat(parsed.password()).isEqualTo(password);
        assertThat(parsed.host()).isEqualTo("db.internal");
        assertThat(parsed.database()).isEqualTo("appdb");
    }

    @Test
    void keeps_a_plus_sign_as_a_plus_like_libpq() {
        assertThat(DatabaseUrl.parse("postgresql://app:a+b@h/db").password()).isEqualTo("a+b");
    }

    @Test
    void maps_libpq_parameters_onto_pgjdbc_properties() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://app@h/db?sslmode=verify-full&sslrootcert=/ca.pem"
                + "&application_name=job&connect_timeout=7&options=-c%20search_path%3Dapp"
                + "&target_session_attrs=read-write");

        assertThat(parsed.properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "sslmode", "verify-full",
                        "sslrootcert", "/ca.pem",
                        "ApplicationName", "job",
                        "connectTimeout", "7",
                        "options", "-c search_path=app",
                        "targetServerType", "primary"));
    }

    @Test
    void passes_only_allow_listed_jdbc_parameters_to_pgjdbc() {
        DatabaseUrl parsed = DatabaseUrl.parse("jdbc:postgresql://h/db?user=app&password=pw&ssl=true"
                + "&sslmode=verify-full&sslrootcert=/ca.pem&ApplicationName=job&currentSchema=app"
                + "&targetServerType=primary&channelBinding=require&connectTimeout=7");

        assertThat(parsed.properties())
                .as("ssl=true is accepted as a no-op: the runner always sets sslmode, which pgjdbc ranks first")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "sslmode", "verify-full",
                        "sslrootcert", "/ca.pem",
                        "ApplicationName", "job",
                        "currentSchema", "app",
                        "targetServerType", "primary",
                        "channelBinding", "require",
                        "connectTimeout", "7"));
    }

    @Test
    void maps_libpq_channel_binding_and_refuses_disabling_it() {
        assertThat(DatabaseUrl.parse("postgresql://app@h/db?channel_binding=require")
                        .properties())
                .containsEntry("channelBinding", "require");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app@h/db?channel_binding=disable"))
                .hasMessageContaining("must be prefer or require");
    }

    @Test
    void never_puts_the_password_in_the_jdbc_url_or_the_printed_form() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://app:Sup3r-Secret@db.internal:5432/appdb");

        assertThat(parsed.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.internal:5432/appdb")
                .doesNotContain("Sup3r");
        assertThat(parsed.masked()).isEqualTo("postgresql://app:****@db.internal:5432/appdb");
        assertThat(parsed.toString()).doesNotContain("Sup3r");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"my db", "a/b", "what?", "no#1", "100%", "a+b", "x*y~z", "données", "база", "日本"})
    void the_jdbc_url_carries_any_database_name_to_the_driver_unchanged(String name) {
        String jdbcUrl = new DatabaseUrl("db.internal", 5432, name, "app", null, Map.of()).jdbcUrl();

        assertThat(jdbcUrl)
                .as("only the path's own separators are left raw")
                .matches("jdbc:postgresql://db.internal:5432/[A-Za-z0-9%._*-]+");
        assertThat(Driver.parseURL(jdbcUrl, null).getProperty("PGDBNAME"))
                .as("the name pgjdbc connects to")
                .isEqualTo(name);
    }

    @Test
    void writes_a_space_in_the_database_name_as_percent_20() {
        assertThat(new DatabaseUrl("h", 5432, "my db+1", "app", null, Map.of()).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/my%20db%2B1");
    }

    @Test
    void brackets_an_ipv6_host_in_the_jdbc_url() {
        assertThat(DatabaseUrl.parse("postgresql://app@[::1]:5433/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5433/db");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            mysql://app@h/db                          | must start with postgresql://
            postgresql://app@h:99999/db               | port must be a number from 1 to 65535
            postgresql://app@h:abc/db                 | port must be a number from 1 to 65535
            postgresql://app:pw%zz@h/db               | password has a '%' that is not followed by two hex digits
            postgresql://app@h1,h2/db                 | several hosts
            postgresql://app@[::1/db                  | no closing ']'
            postgresql://app@h/db?sslmode=sometimes   | sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full (was 'sometimes')
            postgresql://app@h/db?frobnicate=1        | a URL parameter (not shown) is not supported
            postgresql://app@h/db?sslmode             | has no value
            postgresql:///db                          | names no host
            postgresql://h                            | names neither a database nor a user
            jdbc:postgresql://app:pw@h/db             | credentials as ?user=
            """)
    void refuses_malformed_urls_saying_what_is_wrong(String url, String expected) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(DatabaseUrlException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void a_malformed_url_error_never_quotes_the_password() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app:Zebra%zzPass@h:notaport/db"))
                .hasMessageNotContaining("Zebra");
        // An unencoded '/' ends the authority early, so libpq's rules put "app:Zebra/9" in host:port.
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app:Zebra/9@h/db"))
                .hasMessageNotContaining("Zebra")
                .hasMessageContaining("percent-encode");
    }
}
