package org.daadaar.runner.tasks.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the recogniser reads and what it leaves not checked, shape by shape: PostgreSQL's forms of
 * the statements the rules are about, and drizzle-kit's output. The first list is what a general
 * SQL parser (JSqlParser 5.3) could not read; see docs/migrations.md, "lint".
 */
class RecogniserTest {
    @Test
    void reads_the_postgresql_forms_a_general_sql_parser_rejects() {
        assertThat(read("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING btree (c)"))
                .isEqualTo(new Ddl.CreateIndex(name("t"), true));
        assertThat(read("CREATE UNIQUE INDEX CONCURRENTLY i ON ONLY \"T\" (c) WHERE c IS NOT NULL"))
                .isEqualTo(new Ddl.CreateIndex(new Ddl.Name("\"T\"", "\"T\""), true));
        assertThat(read("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u(id) NOT VALID"))
                .isEqualTo(alter(new Ddl.AddConstraint("fk", "foreign key", true, false, null, name("u"))));
        assertThat(read("ALTER TABLE t ADD CONSTRAINT ck CHECK (c IS NOT NULL) NOT VALID"))
                .isEqualTo(alter(new Ddl.AddConstraint("ck", "check", true, false, "c", null)));
        assertThat(read("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i"))
                .isEqualTo(alter(new Ddl.AddConstraint("u", "unique", false, true, null, null)));
        assertThat(read("ALTER TABLE t ALTER COLUMN \"c\" SET DATA TYPE text"))
                .isEqualTo(alter(new Ddl.AlterColumnType("c", "text", false)));
        assertThat(read("DROP TABLE IF EXISTS a, b CASCADE"))
                .isEqualTo(new Ddl.DropTables(List.of(name("a"), name("b"))));
        assertThat(read("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE"))
                .isEqualTo(new Ddl.Truncate(List.of(name("a"), name("b"))));
        assertThat(read("VACUUM (FULL, ANALYZE) t")).isEqualTo(new Ddl.Vacuum(true, List.of(name("t"))));
        assertThat(read("VACUUM t")).isEqualTo(new Ddl.Vacuum(false, List.of(name("t"))));
        assertThat(read("CLUSTER t USING i")).isEqualTo(new Ddl.Cluster(name("t")));
        assertThat(read("REINDEX INDEX CONCURRENTLY i")).isEqualTo(new Ddl.Reindex("index", name("i"), true));
        assertThat(read("LOCK TABLE t IN ACCESS EXCLUSIVE MODE"))
                .isEqualTo(new Ddl.LockTable(List.of(name("t")), "access exclusive"));
        assertThat(read("CREATE TYPE \"public\".\"role\" AS ENUM('admin', 'member')"))
                .isEqualTo(new Ddl.NoRule("CREATE TYPE"));
        assertThat(read("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'c' AFTER 'b'"))
                .isEqualTo(new Ddl.AlterTypeAddValue(name("mood")));
        assertThat(read("CREATE DATABASE x")).isEqualTo(new Ddl.OutsideTransactionOnly("CREATE DATABASE"));
        assertThat(read("CREATE EXTENSION IF NOT EXISTS pgcrypto")).isEqualTo(new Ddl.NoRule("CREATE EXTENSION"));
        assertThat(read("DROP INDEX CONCURRENTLY IF EXISTS i"))
                .isEqualTo(new Ddl.OutsideTransactionOnly("DROP INDEX CONCURRENTLY"));
    }

    @Test
    void reads_a_column_definition_up_to_its_constraints() {
        Ddl.AddColumn add = (Ddl.AddColumn) ((Ddl.AlterTable)
                        read("ALTER TABLE \"posts\" ADD COLUMN \"status\" \"post_status\" DEFAULT 'draft' NOT NULL"))
                .actions()
                .get(0);
        assertThat(add.column()).isEqualTo("status");
        assertThat(add.type()).isEqualTo("\"post_status\"");
        assertThat(add.defaultExpression()).extracting(SqlToken::text).containsExactly("draft");
        assertThat(add.notNull()).isTrue();
        Ddl.AddColumn identity = (Ddl.AddColumn)
                ((Ddl.AlterTable) read("alter table t add column id bigint generated always as identity primary key"))
                        .actions()
                        .get(0);
        assertThat(identity.implicitDefault()).isEqualTo("an identity column");
        assertThat(identity.type()).isEqualTo("bigint");
    }

    @Test
    void unwraps_drizzles_do_block_and_nothing_else() {
        String drizzle = "DO $$ BEGIN\n ALTER TABLE \"a\" ADD CONSTRAINT \"f\" FOREIGN KEY (\"b\") REFERENCES"
                + " \"public\".\"c\"(\"id\") ON DELETE cascade ON UPDATE no action;\nEXCEPTION\n WHEN"
                + " duplicate_object THEN null;\nEND $$;";
        assertThat(DrizzleWrapper.unwrap(read(drizzle), drizzle)).isInstanceOf(Ddl.AlterTable.class);
        String other = "DO $$ BEGIN PERFORM 1; PERFORM 2; EXCEPTION WHEN duplicate_object THEN null; END $$;";
        assertThat(DrizzleWrapper.unwrap(read(other), other)).isInstanceOf(Ddl.NotUnderstood.class);
        String swallowAll = "DO $$ BEGIN DROP TABLE a; EXCEPTION WHEN others THEN null; END $$;";
        assertThat(DrizzleWrapper.unwrap(read(swallowAll), swallowAll)).isInstanceOf(Ddl.NotUnderstood.class);
    }

    @Test
    void leaves_what_it_does_not_know_not_checked() {
        for (String sql : List.of(
                "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f()",
                "ALTER TABLE a ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE a ATTACH PARTITION b FOR VALUES IN (1)",
                "ALTER TABLE a ADD CONSTRAINT c CHECK (x > 0) NO INHERIT",
                "WITH x AS (SELECT 1) INSERT INTO a SELECT * FROM x",
                "CREATE POLICY p ON a USING (true)",
                "DO $$ BEGIN PERFORM 1; END $$",
                "CREATE MATERIALIZED VIEW v AS SELECT 1",
                "BEGIN")) {
            assertThat(read(sql)).as(sql).isInstanceOf(Ddl.NotUnderstood.class);
        }
    }

    @Test
    void a_statement_cut_short_is_not_checked_rather_than_a_crash() {
        for (String sql : List.of(
                "CREATE INDEX",
                "create unique index concurrently",
                "create index if not exists",
                "alter table t add constraint c check (",
                "ALTER TABLE",
                "DROP TABLE")) {
            assertThat(read(sql)).as(sql).isInstanceOf(Ddl.NotUnderstood.class);
        }
    }

    @Test
    void the_lexer_keeps_strings_dollar_quotes_and_comments_apart_from_code() {
        List<SqlToken> code = SqlLexer.code("select 'a;--b', $x$ ; $x$, \"Q\"\"x\" /* c /* nested */ */ -- tail\n;");
        assertThat(code).extracting(SqlToken::text).containsExactly("select", "a;--b", ",", " ; ", ",", "Q\"x", ";");
        assertThat(LiveCatalog.isNotNullCheck("CHECK ((v IS NOT NULL))", "v")).isTrue();
        assertThat(LiveCatalog.isNotNullCheck("CHECK ((\"V x\" IS NOT NULL))", "V x"))
                .isTrue();
        assertThat(LiveCatalog.isNotNullCheck("CHECK ((v > 0))", "v")).isFalse();
    }

    private static Ddl read(String sql) {
        return Recogniser.read(SqlLexer.code(sql));
    }

    private static Ddl.Name name(String n) {
        return new Ddl.Name(n, n);
    }

    private static Ddl.AlterTable alter(Ddl.Action action) {
        return new Ddl.AlterTable(name("t"), List.of(action));
    }
}
