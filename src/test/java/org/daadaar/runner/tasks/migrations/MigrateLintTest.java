package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate lints before it applies anything: --lint fail (the default) refuses errors with exit 4
 * and nothing applied, warn applies and shows them, off skips the check. Each test has a database
 * migrated to V1 (a table of 1,000 analyzed rows) and a pending V2.
 */
class MigrateLintTest {
    private static final String INDEX = "create index small_n_idx on small (n);\n";

    @TempDir
    Path migrations;

    @Test
    void lint_fail_refuses_errors_with_exit_4_and_applies_nothing() throws IOException {
        Sql db = atVersionOne();
        write("V2__index.sql", INDEX);
        write("V3__later.sql", "create table later (id int);\n");

        CliRun run = migrate(db, "--big-table-rows", "500");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err())
                .contains("error: migrate: refused by lint, nothing applied: 1 error in the pending migrations"
                        + " (V2__index.sql:1 index-without-concurrently (public.small)); fix them, allow one with a"
                        + " -- db-runner:allow RULE: reason comment in the migration, or run with --lint warn");
        assertThat(run.out())
                .contains("lint: 2 pending migrations, 2 statements: 1 error")
                .contains("ERROR V2__index.sql:1 index-without-concurrently")
                .contains("lock: SHARE on public.small");
        assertThat(db.one("select max(version) from flyway_schema_history")).isEqualTo("1");
        assertThat(db.one("select to_regclass('small_n_idx') is null or to_regclass('later') is not null"))
                .as("neither V2 nor V3 ran")
                .isEqualTo("t");
        assertThat(db.one("select status || ' ' || (parameters->>'lint') || ' ' || (counts->'lint'->>'errors')"
                        + " from db_runner.audit where task = 'migrate' order by id desc limit 1"))
                .isEqualTo("refused fail 1");
    }

    @Test
    void a_refused_migration_that_flyway_runs_outside_a_transaction_leaves_no_history_row() throws IOException {
        Sql db = atVersionOne();
        write("V2__vacuum.sql", "vacuum full small;\n");

        CliRun run = migrate(db, "--big-table-rows", "500");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err()).contains("(V2__vacuum.sql:1 vacuum-full (public.small))");
        assertThat(db.column("select version || ':' || success from flyway_schema_history order by installed_rank"))
                .containsExactly("1:true");
    }

    @Test
    void an_up_to_date_database_is_not_linted_at_all() throws IOException {
        Sql db = atVersionOne();

        CliRun run = migrate(db);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("lint").contains("up to date at schema version 1");
        assertThat(db.one("select (counts -> 'lint') is not null from db_runner.audit order by id desc limit 1"))
                .as("a lint that ran leaves its report under counts.lint, even with nothing to show")
                .isEqualTo("f");
    }

    @Test
    void the_default_is_fail_with_the_default_thresholds() throws IOException {
        Sql db = atVersionOne();
        write("V2__drop.sql", "drop table small;\n");

        CliRun run = migrate(db);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err()).contains("(V2__drop.sql:1 destructive (public.small))");
        assertThat(db.one("select to_regclass('small') is not null")).isEqualTo("t");

        CliRun allowed = migrate(db, "--allow-destructive");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.out()).contains("ALLOWED V2__drop.sql:1 destructive", "schema version 1 -> 2");
    }

    @Test
    void lint_warn_shows_the_findings_and_applies() throws IOException {
        Sql db = atVersionOne();
        write("V2__index.sql", INDEX);

        CliRun run = migrate(db, "--lint", "warn", "--big-table-rows", "500");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("ERROR V2__index.sql:1 index-without-concurrently")
                .contains("migrate: schema version 1 -> 2, applied 1 migration");
        assertThat(db.one("select to_regclass('small_n_idx') is not null")).isEqualTo("t");
    }

    @Test
    void lint_off_skips_the_check() throws IOException {
        Sql db = atVersionOne();
        write("V2__index.sql", INDEX);

        CliRun run = migrate(db, "--lint", "off", "--big-table-rows", "500");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("lint").contains("migrate: schema version 1 -> 2");
        assertThat(db.one("select to_regclass('small_n_idx') is not null")).isEqualTo("t");
    }

    @Test
    void a_dry_run_shows_what_lint_would_refuse_and_exits_0() throws IOException {
        Sql db = atVersionOne();
        write("V2__index.sql", INDEX);

        CliRun run = CliRun.run(
                "--database-url",
                db.cliUrl(),
                "--dry-run",
                "migrate",
                "--locations",
                location(),
                "--big-table-rows",
                "500");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("ERROR V2__index.sql:1 index-without-concurrently")
                .contains("lint: a real run would refuse these errors and apply nothing (--lint fail)")
                .contains("would apply 1 migration");
    }

    @Test
    void output_json_carries_the_refusal_and_the_findings_in_one_object() throws IOException {
        Sql db = atVersionOne();
        write("V2__index.sql", INDEX);

        CliRun run = CliRun.run(
                "--database-url",
                db.cliUrl(),
                "--output",
                "json",
                "migrate",
                "--locations",
                location(),
                "--big-table-rows",
                "500");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.out().lines().toList()).hasSize(1);
        assertThat(run.out())
                .startsWith("{\"task\":\"migrate\",\"status\":\"refused\",\"migrations_applied\":0,\"lint\":{")
                .contains("\"rule\":\"index-without-concurrently\"");
    }

    @Test
    void a_bad_lint_mode_is_bad_input() {
        CliRun run = CliRun.run("--database-url", "postgresql://u@localhost/db", "migrate", "--lint", "strict");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--lint must be fail, warn or off (was 'strict')");
    }

    @Test
    void a_drizzle_folder_is_linted_from_its_journal() {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        DrizzleFolder folder = DrizzleFolder.write(migrations.resolve("drizzle"));

        CliRun run = CliRun.run("--database-url", db.cliUrl(), "lint", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .as("drizzle's shapes are all read, its DO $$ wrappers included")
                .contains("lint: 4 pending migrations, 10 statements: no findings");
    }

    @Test
    void a_refusal_on_a_new_database_or_an_adopted_schema_leaves_no_history_table_and_no_baseline() throws IOException {
        write("V1__mixed.sql", "create table made (id int primary key);\nreindex index concurrently made_pkey;\n");
        Sql fresh = Sql.on(TestDatabase.fresh(getClass()));
        fresh.exec("create table legacy (id int)");

        CliRun adopting = migrate(fresh, "--baseline-version", "0");
        CliRun plain = migrate(Sql.on(TestDatabase.fresh(getClass())));

        assertThat(adopting.exitCode()).as(adopting.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(adopting.err()).contains("refused by lint, nothing applied");
        assertThat(fresh.one("select to_regclass('public.flyway_schema_history') is null"))
                .as("no history table and so no baseline row: a corrected --baseline-version still counts")
                .isEqualTo("t");
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
    }

    @Test
    void lint_on_a_schema_without_flyway_history_says_it_linted_every_migration() throws IOException {
        write("V1__t.sql", "create table t (id int);\n");
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        db.exec("create table legacy (id int)");

        CliRun run = db.cli("lint", "--locations", location());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("lint: the schema holds tables but no Flyway history, so every migration was linted as"
                        + " pending");
    }

    /** A database at V1: a table of 1,000 rows, analyzed, so its live size is known. */
    private Sql atVersionOne() throws IOException {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write(
                "V1__small.sql",
                "create table small (id int primary key, n int);\n"
                        + "insert into small select g, g from generate_series(1, 1000) g;\n");
        CliRun first = migrate(db);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        db.exec("analyze small");
        return db;
    }

    private CliRun migrate(Sql db, String... options) {
        List<String> args = new ArrayList<>(List.of("migrate", "--locations", location()));
        args.addAll(List.of(options));
        return db.cli(args.toArray(String[]::new));
    }

    private String location() {
        return "filesystem:" + migrations;
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }
}
