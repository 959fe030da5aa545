package org.daadaar.runner.tasks.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule of lint, firing and not firing, through the real command line against one real
 * database whose tables have live sizes: big (120,000 rows, over the default threshold), small
 * (1,000 rows, big only with --big-table-rows 500), empty. lint only reads, so the tests share it.
 */
class LintRulesTest {
    private static final String LOW = "500";
    private static Sql db;

    @TempDir
    static Path root;

    private static final AtomicInteger DIRS = new AtomicInteger();

    @BeforeAll
    static void tables() {
        db = Sql.on(TestDatabase.fresh(LintRulesTest.class));
        db.exec(
                "create table big (id int primary key, n int)",
                "insert into big select g, g % 100 from generate_series(1, 120000) g",
                "create table small (id int primary key, name varchar(50), n int, note text, v int)",
                "insert into small select g, 'n' || g, g, 'x', g from generate_series(1, 1000) g",
                "create table parents (id int primary key)",
                "create table checked (id int, v int, constraint checked_v_not_null check (v is not null))",
                "insert into checked select g, g from generate_series(1, 100) g",
                "create table empty (id int, name text)",
                "analyze");
    }

    @Test
    void an_index_without_concurrently_on_a_table_over_the_default_threshold_is_an_error() {
        CliRun run = lint("create index big_n_idx on big (n);");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains(
                        "lint: 1 pending migration, 1 statement: 1 error (a big table: 100,000 estimated rows or 64 MB)")
                .contains("ERROR V1__m.sql:1 index-without-concurrently: CREATE INDEX without CONCURRENTLY")
                .contains("statement: create index big_n_idx on big (n)")
                .contains("table public.big: ~120,000 rows, ")
                .contains("lock: SHARE on public.big: blocks INSERT, UPDATE and DELETE (reads go on), for the whole"
                        + " index build over ~120,000 rows (")
                .contains("at an assumed 100 MB/s")
                .contains("safe way: CREATE INDEX CONCURRENTLY");
        assertThat(run.err())
                .contains("error: lint: 1 error in the pending migrations: V1__m.sql:1 index-without-concurrently"
                        + " (public.big)");
    }

    @Test
    void an_index_on_a_small_table_or_built_concurrently_alone_is_no_finding() {
        assertNoFindings(lint("create index small_n_idx on small (n);"));
        assertNoFindings(lint("create index concurrently big_n_idx on big (n);"));
        assertNoFindings(lint(
                "create table fresh (id int);\ncreate index fresh_id_idx on fresh (id);", "--big-table-rows", "1"));
    }

    @Test
    void the_row_threshold_is_an_option() {
        CliRun run = lint("create index small_n_idx on small (n);", "--big-table-rows", LOW);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("(a big table: 500 estimated rows or 64 MB)")
                .contains("ERROR V1__m.sql:1 index-without-concurrently");
        assertThat(lint("alter table small add constraint small_name_key unique (name);", "--big-table-rows", LOW)
                        .out())
                .as("a unique constraint builds its index under ACCESS EXCLUSIVE")
                .contains("ERROR V1__m.sql:1 index-without-concurrently: ADD UNIQUE builds its index")
                .contains("USING INDEX");
    }

    @Test
    void a_statement_that_cannot_run_in_a_transaction_in_a_script_flyway_runs_in_one_is_an_error() {
        Map<String, String> forced = new LinkedHashMap<>();
        forced.put("V1__m.sql", "create index concurrently big_n_idx on big (n);\n");
        forced.put("V1__m.sql.conf", "executeInTransaction=true\n");
        CliRun conf = lint(forced);
        assertThat(conf.exitCode()).as(conf.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(conf.out())
                .contains("ERROR V1__m.sql:1 non-transactional-in-transaction: CREATE INDEX CONCURRENTLY cannot run"
                        + " inside a transaction block")
                .contains("its .sql.conf says executeInTransaction=true")
                .contains("SQLSTATE 25001");

        CliRun missed = lint("reindex index concurrently small_pkey;");
        assertThat(missed.exitCode()).as(missed.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(missed.out())
                .as("Flyway's parser knows REINDEX SCHEMA/DATABASE/SYSTEM, not REINDEX INDEX CONCURRENTLY")
                .contains("ERROR V1__m.sql:1 non-transactional-in-transaction: REINDEX CONCURRENTLY")
                .contains("Flyway's parser does not count it as non-transactional");

        CliRun mixed = lint(
                "create index small_n_idx on small (n);\ncreate index concurrently small_v_idx on small (v);",
                "--big-table-rows",
                LOW);
        assertThat(mixed.exitCode()).as(mixed.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(mixed.out())
                .contains("ERROR V1__m.sql:2 non-transactional-in-transaction: Flyway refuses a script that mixes")
                .as("the statements of a refused script are still checked")
                .contains("ERROR V1__m.sql:1 index-without-concurrently");

        // Flyway's refusal quotes the statement it stopped at; the report shows none of its literals.
        CliRun quoted = lint(
                "create index concurrently small_w_idx on small (v);\n"
                        + "alter role current_user password 'Role-Secret-4e9c'",
                "--big-table-rows",
                LOW);
        CliRun quotedJson = lint(
                List.of("--output", "json"),
                Map.of(
                        "V1__m.sql",
                        "create index concurrently small_w_idx on small (v);\n"
                                + "alter role current_user password 'Role-Secret-4e9c'\n"),
                "--big-table-rows",
                LOW);
        assertThat(quoted.out())
                .contains("ERROR V1__m.sql:2 non-transactional-in-transaction: Flyway refuses a script that mixes")
                .contains("Offending statement found at line 2: alter role current_user password '...'");
        assertThat(quoted.out() + quoted.err() + quotedJson.out() + quotedJson.err())
                .doesNotContain("Role-Secret")
                .doesNotContain("4e9c");

        Map<String, String> outside = new LinkedHashMap<>();
        outside.put("V1__m.sql", "reindex index concurrently small_pkey;\n");
        outside.put("V1__m.sql.conf", "executeInTransaction=false\n");
        assertNoFindings(lint(outside));
    }

    @Test
    void a_column_added_with_a_volatile_default_rewrites_the_table() {
        CliRun small = lint("alter table small add column token uuid default gen_random_uuid();");
        assertThat(small.exitCode())
                .as("a warning on a table under the threshold: " + small)
                .isZero();
        assertThat(small.out())
                .contains("WARNING V1__m.sql:1 volatile-default: ADD COLUMN token rewrites the table: the default"
                        + " calls gen_random_uuid(), which is volatile (pg_proc)")
                .contains("lock: ACCESS EXCLUSIVE on public.small: blocks every read and write, for the rewrite");

        CliRun big = lint("alter table big add column token uuid default gen_random_uuid();");
        assertThat(big.exitCode()).as(big.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(big.out()).contains("ERROR V1__m.sql:1 volatile-default");

        assertThat(lint("alter table big add column id2 bigserial;").out())
                .contains("ERROR V1__m.sql:1 volatile-default: ADD COLUMN id2 rewrites the table: bigserial");
        assertNoFindings(lint("alter table big add column at timestamptz not null default now(), add column k int"
                + " default 0, add column s text default 'x'::text;"));
    }

    @Test
    void a_not_null_column_without_a_default_fails_on_a_table_with_rows() {
        CliRun run = lint("alter table small add column x int not null;");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("ERROR V1__m.sql:1 not-null-without-default: ADD COLUMN x NOT NULL without a default fails"
                        + " on a table with rows (SQLSTATE 23502)");

        assertNoFindings(lint("alter table empty add column x int not null;"));
        assertNoFindings(lint("alter table small add column x int not null default 0;"));
    }

    @Test
    void a_type_change_is_a_finding_only_when_it_rewrites() {
        CliRun run = lint("alter table small alter column n type bigint;", "--big-table-rows", LOW);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("ERROR V1__m.sql:1 type-change-rewrites: ALTER COLUMN n TYPE bigint rewrites the table:"
                        + " integer to bigint converts every stored value");
        assertThat(lint("alter table small alter column name type varchar(20);").out())
                .contains("WARNING V1__m.sql:1 type-change-rewrites");
        assertThat(lint("alter table small alter column note set data type varchar(10);")
                        .out())
                .as("drizzle-kit writes SET DATA TYPE")
                .contains("WARNING V1__m.sql:1 type-change-rewrites");
        assertNoFindings(lint("alter table small alter column name type varchar(100);", "--big-table-rows", LOW));
        assertNoFindings(lint("alter table small alter column name type text;", "--big-table-rows", LOW));
    }

    @Test
    void set_not_null_needs_a_validated_check_constraint() {
        CliRun run = lint("alter table small alter column name set not null;", "--big-table-rows", LOW);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("ERROR V1__m.sql:1 set-not-null-without-check: SET NOT NULL on name scans the whole table")
                .contains("for a full scan of the table over ~1,000 rows")
                .contains("CHECK (name IS NOT NULL) NOT VALID");

        assertNoFindings(lint("alter table checked alter column v set not null;", "--big-table-rows", "1"));
        Map<String, String> expand = new LinkedHashMap<>();
        expand.put("V1__check.sql", "alter table small add constraint small_v_nn check (v is not null) not valid;\n");
        expand.put("V2__validate.sql", "alter table small validate constraint small_v_nn;\n");
        expand.put("V3__set.sql", "alter table small alter column v set not null;\n");
        assertNoFindings(lint(expand, "--big-table-rows", LOW));
    }

    @Test
    void a_foreign_key_or_check_without_not_valid_scans_under_its_lock() {
        String fk = "alter table small add constraint small_n_fk foreign key (n) references parents (id);";
        CliRun warning = lint(fk);
        assertThat(warning.exitCode()).as(warning.toString()).isZero();
        assertThat(warning.out())
                .contains("WARNING V1__m.sql:1 constraint-without-not-valid: ADD FOREIGN KEY without NOT VALID")
                .contains("lock: SHARE ROW EXCLUSIVE on public.small and on parents: blocks writes to both");

        CliRun error = lint("alter table small add constraint small_n_pos check (n > 0);", "--big-table-rows", LOW);
        assertThat(error.exitCode()).as(error.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(error.out()).contains("ERROR V1__m.sql:1 constraint-without-not-valid: ADD CHECK");

        assertNoFindings(lint(fk.replace(";", " not valid;"), "--big-table-rows", LOW));
        assertNoFindings(lint("alter table empty add constraint empty_id_pos check (id > 0);"));
    }

    @Test
    void drop_table_drop_column_and_truncate_need_allow_destructive() {
        CliRun run = lint("drop table small;\nalter table big drop column n;\ntruncate table empty;");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("ERROR V1__m.sql:1 destructive: DROP TABLE small deletes the table and its rows")
                .contains("ERROR V1__m.sql:2 destructive: DROP COLUMN n deletes the column's data")
                .contains("ERROR V1__m.sql:3 destructive: TRUNCATE empty deletes every row");

        CliRun allowed =
                lint("drop table small;\nalter table big drop column n;\ntruncate table empty;", "--allow-destructive");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.out())
                .contains("3 allowed")
                .contains("ALLOWED V1__m.sql:1 destructive")
                .contains("allowed: --allow-destructive");
        assertNoFindings(lint("drop table if exists no_such_table;\ncreate table t (id int);\ndrop table t;"));
    }

    @Test
    void a_rename_on_a_table_with_rows_is_a_warning() {
        CliRun run = lint("alter table small rename column note to remark;\nalter table small rename to smaller;");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("WARNING V1__m.sql:1 rename: RENAME COLUMN note TO remark: the running application keeps"
                        + " using the old name")
                .contains("WARNING V1__m.sql:2 rename: RENAME TO smaller")
                .contains("expand/contract");
        assertNoFindings(lint("alter table empty rename column name to title;"));
    }

    @Test
    void vacuum_full_cluster_reindex_and_lock_table_hold_heavy_locks() {
        assertThat(lint("vacuum full big;").out())
                .contains("ERROR V1__m.sql:1 vacuum-full: VACUUM FULL rewrites the table")
                .contains("lock: ACCESS EXCLUSIVE on public.big");
        assertThat(lint("cluster small using small_pkey;").out()).contains("WARNING V1__m.sql:1 cluster:");
        assertThat(lint("reindex index big_pkey;").out())
                .contains("ERROR V1__m.sql:1 reindex-without-concurrently: REINDEX INDEX big_pkey without CONCURRENTLY")
                .contains("table public.big");
        CliRun lock = lint("lock table small in share mode;\nupdate small set n = n;");
        assertThat(lock.exitCode()).as(lock.toString()).isZero();
        assertThat(lock.out())
                .contains("WARNING V1__m.sql:1 lock-table: LOCK TABLE small IN SHARE MODE")
                .contains("until the migration's transaction ends");
        assertNoFindings(lint("vacuum big;"));
        assertNoFindings(lint("analyze big;"));
    }

    @Test
    void a_statement_the_linter_does_not_understand_is_reported_as_not_checked() {
        CliRun run = lint("create trigger t before insert on small for each row execute function f();\n"
                + "do $$ begin perform 1; end $$;\n"
                + "alter table small enable row level security;");

        assertThat(run.exitCode()).as("not checked is not an error: " + run).isZero();
        assertThat(run.out())
                .contains("3 statements: 3 not checked")
                .contains("NOT-CHECKED V1__m.sql:1 not-checked: not checked: the linter does not understand a"
                        + " statement that starts create trigger")
                .contains("NOT-CHECKED V1__m.sql:2 not-checked: not checked: the linter does not understand a DO block")
                .contains("NOT-CHECKED V1__m.sql:3 not-checked: not checked: the linter does not understand ALTER"
                        + " TABLE action 'enable row level'");
    }

    @Test
    void drizzles_do_block_around_a_foreign_key_is_unwrapped_and_checked() {
        CliRun run = lint("DO $$ BEGIN\n ALTER TABLE \"small\" ADD CONSTRAINT \"small_n_parents_id_fk\" FOREIGN KEY"
                + " (\"n\") REFERENCES \"public\".\"parents\"(\"id\") ON DELETE cascade ON UPDATE no action;\n"
                + "EXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n");

        assertThat(run.out())
                .contains("WARNING V1__m.sql:1 constraint-without-not-valid")
                .contains("statement: DO $$ BEGIN ALTER TABLE \"small\" ADD CONSTRAINT");
    }

    @Test
    void an_allow_comment_with_a_reason_silences_one_rule_for_one_statement() {
        CliRun run = lint("-- db-runner:allow index-without-concurrently: the table is read-only during deploys\n"
                + "create index big_n_idx on big (n);\n"
                + "create index big_n2_idx on big (n);");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("1 error, 1 allowed")
                .contains("ALLOWED V1__m.sql:2 index-without-concurrently")
                .contains("allowed: the table is read-only during deploys")
                .contains("ERROR V1__m.sql:3 index-without-concurrently");

        CliRun trailing = lint("create index big_n_idx on big (n); -- db-runner:allow index-without-concurrently: ok");
        assertThat(trailing.exitCode()).as(trailing.toString()).isZero();
    }

    @Test
    void an_allow_comment_without_a_reason_or_rule_silences_nothing_and_is_a_finding() {
        CliRun run = lint("-- db-runner:allow index-without-concurrently\ncreate index big_n_idx on big (n);\n"
                + "-- db-runner:allow no-such-rule: because\ncreate index small_n_idx on small (n);");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out())
                .contains("ERROR V1__m.sql:2 index-without-concurrently")
                .contains("WARNING V1__m.sql:1 bad-allow: the allow comment on line 1 for index-without-concurrently"
                        + " gives no reason, so it silences nothing")
                .contains("WARNING V1__m.sql:3 bad-allow: the allow comment on line 3 names no rule the linter has"
                        + " ('no-such-rule')");
    }

    @Test
    void output_json_gives_the_findings_as_data() {
        CliRun run = lint(List.of("--output", "json"), Map.of("V1__m.sql", "create index big_n_idx on big (n);\n"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out().lines().toList())
                .as("one JSON object for the task")
                .hasSize(1);
        assertThat(run.out())
                .startsWith("{\"task\":\"lint\",\"status\":\"refused\",\"pending_migrations\":1,\"statements\":1,"
                        + "\"errors\":1,\"warnings\":0,")
                .contains("\"findings\":[{\"file\":\"V1__m.sql\",\"line\":1,\"rule\":\"index-without-concurrently\","
                        + "\"severity\":\"error\",\"statement\":\"create index big_n_idx on big (n)\"")
                .contains("\"table\":\"public.big\",\"estimated_rows\":120000,\"total_bytes\":")
                .contains("\"lock\":\"SHARE on public.big: blocks INSERT, UPDATE and DELETE (reads go on)\"")
                .contains("\"settings\":{\"big_table_rows\":100000,\"big_table_mb\":64,\"allow_destructive\":false}");
    }

    @Test
    void nothing_pending_is_nothing_to_lint() {
        CliRun run = lint(Map.of());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("lint: 0 pending migrations, 0 statements: no findings");
    }

    private static void assertNoFindings(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains(": no findings (a big table");
    }

    private static CliRun lint(String sql, String... options) {
        return lint(List.of(), Map.of("V1__m.sql", sql + "\n"), options);
    }

    private static CliRun lint(Map<String, String> files, String... options) {
        return lint(List.of(), files, options);
    }

    private static CliRun lint(List<String> global, Map<String, String> files, String... options) {
        Path dir = root.resolve("m" + DIRS.incrementAndGet());
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(global);
        args.add("lint");
        args.add("--locations");
        args.add("filesystem:" + dir);
        args.addAll(List.of(options));
        return db.cli(args.toArray(String[]::new));
    }
}
