package org.daadaar.runner.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splits_on_semicolons_outside_quotes_dollar_quotes_and_comments() {
        List<String> statements = SqlScript.split(
                """
                -- a comment; with a semicolon
                insert into t values ('a;b', "we;ird");
                /* block; /* nested; */ still comment; */ select $$x;y$$, $tag$z;$tag$;
                select 'it''s; fine'
                """);

        assertThat(statements)
                .containsExactly(
                        "insert into t values ('a;b', \"we;ird\")",
                        "select $$x;y$$, $tag$z;$tag$",
                        "select 'it''s; fine'");
    }

    @Test
    void a_positional_parameter_is_not_a_dollar_quote() {
        assertThat(SqlScript.split("select $1; select 2;")).containsExactly("select $1", "select 2");
    }

    @Test
    void reads_the_packaged_seed_folder_in_name_order() {
        List<SqlScript> scripts = SqlScript.folder("db/seed");

        assertThat(scripts).extracting(SqlScript::name).first().isEqualTo("V1__organizations.sql");
        assertThat(scripts.get(0).statements()).hasSize(3).allSatisfy(s -> assertThat(s)
                .startsWith("insert into"));
    }
}
