package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.db.FlywayHistory;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drizzle folder on an empty database, applied without Flyway's executor (EmptyDatabaseMigrate):
 * the history is the one Flyway writes, and everything after sees an ordinary Flyway history.
 */
class EmptyDatabaseMigrateTest {
    /** Every column of Flyway's history but the two times (installed_on, execution_time). */
    private static final String HISTORY = "select installed_rank || '|' || coalesce(version, '-') || '|' || description"
            + " || '|' || type || '|' || script || '|' || coalesce(checksum::text, '-') || '|' || installed_by"
            + " || '|' || success from flyway_schema_history order by installed_rank";
    /** The history table's columns, indexes and constraints. */
    private static final String HISTORY_TABLE = "select * from (select column_name || ' ' || data_type || ' '"
            + " || coalesce(character_maximum_length::text, '') || ' ' || is_nullable || ' '"
            + " || coalesce(column_default, '') from information_schema.columns"
            + " where table_schema = 'public' and table_name = 'flyway_schema_history'"
            + " union all select indexdef from pg_indexes where schemaname = 'public' and tablename = 'flyway_schema_history'"
            + " union all select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint"
            + " where conrelid = 'flyway_schema_history'::regclass) t order by 1";
    /** What Flyway's own executor logs for each migration it runs. */
    private static final String FLYWAY_EXECUTOR = "Migrating schema \"public\" to version";

    @TempDir
    Path work;

    @Test
    void writes_the_history_flyway_writes_for_the_same_folder_and_later_runs_see_an_ordinary_history() {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql fast = Sql.on(TestDatabase.fresh(getClass()));
        Sql flyway = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = fast.cli("migrate", "--locations", folder.location());
        String flywaysLog = flywaysOwnRun(flyway, folder);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("schema version none -> 4, applied 4 migrations");
        assertThat(run.err()).as("not through Flyway's executor").doesNotContain(FLYWAY_EXECUTOR);
        assertThat(flywaysLog).contains(FLYWAY_EXECUTOR + " \"4 - 0003 admin row\"");
        assertThat(fast.column(HISTORY))
                .as("rank, version, description, type, script, checksum, installed_by, success")
                .hasSize(4)
                .isEqualTo(flyway.column(HISTORY));
        assertThat(fast.count("select count(*) from flyway_schema_history where execution_time >= 0"))
                .isEqualTo(4);
        assertThat(fast.column(DrizzleReferenceMigrator.CATALOG))
                .isEqualTo(flyway.column(DrizzleReferenceMigrator.CATALOG));
        assertThat(fast.column(HISTORY_TABLE))
                .as("the history table the shortcut creates is the one Flyway creates")
                .hasSize(13)
                .isEqualTo(flyway.column(HISTORY_TABLE));

        CliRun validate = fast.cli("validate", "--locations", folder.location());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        CliRun again = fast.cli("migrate", "--locations", folder.location());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("up to date at schema version 4; nothing to apply");
        folder.add("0004_comments", "CREATE TABLE \"comments\" (\"id\" serial PRIMARY KEY NOT NULL);\n");
        CliRun next = fast.cli("migrate", "--locations", folder.location());
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).contains("schema version 4 -> 5, applied 1 migration");
        assertThat(next.err())
                .as("a database in use: Flyway's own run")
                .contains(FLYWAY_EXECUTOR + " \"5 - 0004 comments\"");
        assertThat(fast.column(HISTORY)).hasSize(5);
    }

    @Test
    void a_failing_migration_in_the_middle_leaves_the_database_empty_naming_the_file_and_line() {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        folder.add(
                "0004_broken",
                "CREATE TABLE \"ok\" (\"id\" integer);\n--> statement-breakpoint\n"
                        + "INSERT INTO \"no_such_table\" VALUES (1);\n");
        folder.add("0005_after", "CREATE TABLE \"after\" (\"id\" integer);\n");
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = db.cli("migrate", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.err())
                .contains("migrate: V5__0004_broken.sql line 3 failed: ERROR: relation \"no_such_table\" does not"
                        + " exist (SQLSTATE 42P01); every migration of this run was rolled back with it")
                .doesNotContain(FLYWAY_EXECUTOR);
        assertThat(db.one("select to_regclass('users') is null and to_regclass('ok') is null"))
                .as("V1..V4 and V5's first statement rolled back")
                .isEqualTo("t");
        assertThat(db.one("select to_regclass('flyway_schema_history') is null"))
                .as("Flyway's history table, made in the same transaction, rolled back too")
                .isEqualTo("t");
    }

    @Test
    void a_file_with_what_flyway_handles_itself_runs_through_flyway() {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        folder.add("0004_path", "-- relies on the search_path Flyway sets\nCREATE TABLE \"notes\" (\"id\" integer);\n");
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = db.cli("migrate", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err())
                .contains("V5__0004_path.sql holds 'search_path', which Flyway's executor handles itself")
                .contains(FLYWAY_EXECUTOR + " \"5 - 0004 path\"");
        assertThat(db.column(HISTORY)).hasSize(5);
    }

    @Test
    void each_kind_of_text_that_flyways_executor_handles_itself_is_seen_in_any_case() {
        for (String text : List.of(
                "select '${placeholder}'",
                "-- flyway:executeInTransaction=false",
                "COPY t FROM STDIN;",
                "create index concurrently i on t (a)",
                "VACUUM t",
                "Reindex table t",
                "DISCARD ALL",
                "ALTER  SYSTEM set work_mem = '1MB'",
                "create database other",
                "create tablespace x location '/x'",
                "drop subscription s",
                "set search_path = x",
                "select set_config('a', 'b', false)",
                "SET ROLE admin",
                "set local schema 'x'",
                "RESET ALL",
                "SET SESSION AUTHORIZATION admin",
                "create function f() returns int language sql BEGIN ATOMIC select 1; end")) {
            assertThat(EmptyDatabaseMigrate.flywayTreatsSpecially(text))
                    .as(text)
                    .isNotNull();
        }
        assertThat(EmptyDatabaseMigrate.flywayTreatsSpecially(DrizzleFolder.INIT + DrizzleFolder.POSTS))
                .isNull();
    }

    @Test
    void a_sql_standard_function_body_runs_through_flyway() {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        folder.add(
                "0004_atomic",
                "CREATE FUNCTION \"one\"() RETURNS integer LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\nEND;\n");
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = db.cli("migrate", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err())
                .as("its inner semicolon is not where PostgreSQL splits it, so the shortcut's lint would cut it")
                .containsIgnoringCase("V5__0004_atomic.sql holds 'BEGIN ATOMIC'")
                .contains(FLYWAY_EXECUTOR + " \"5 - 0004 atomic\"");
        assertThat(db.one("select \"one\"()")).isEqualTo("1");
    }

    @Test
    void a_file_with_a_byte_order_mark_gets_the_history_row_flyway_writes() {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        folder.add("0004_bom", "\uFEFFCREATE TABLE \"bom\" (\"id\" integer);\r\n");
        Sql fast = Sql.on(TestDatabase.fresh(getClass()));
        Sql flyway = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = fast.cli("migrate", "--locations", folder.location());
        flywaysOwnRun(flyway, folder);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).as("not through Flyway's executor").doesNotContain(FLYWAY_EXECUTOR);
        assertThat(fast.column(HISTORY)).hasSize(5).isEqualTo(flyway.column(HISTORY));
        assertThat(fast.one("select to_regclass('bom') is not null")).isEqualTo("t");
    }

    @Test
    void another_migrate_holding_the_new_history_table_past_lock_wait_is_exit_3_and_nothing_applied() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        // What another migrate's shortcut holds while it runs: Flyway's history table, not yet committed.
        try (Connection other = db.dataSource().getConnection();
                Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute(FlywayHistory.createTable("\"public\""));

            CliRun run = db.cli("--lock-wait", "1s", "migrate", "--locations", folder.location());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.err())
                    .contains("another migrate has held this empty database's new Flyway history table for longer"
                            + " than --lock-wait (1s)")
                    .doesNotContain("lock_timeout");
            other.rollback();
        }
        assertThat(db.one("select to_regclass('users') is null and to_regclass('flyway_schema_history') is null"))
                .isEqualTo("t");
    }

    @Test
    void concurrent_runs_on_an_empty_database_apply_each_migration_once() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        for (int i = 4; i < 40; i++) {
            folder.add(
                    String.format("%04d_table_%d", i, i), "CREATE TABLE \"t" + i + "\" (\"id\" serial PRIMARY KEY);\n");
        }
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<CliRun>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> db.cli("--lock-wait", "60s", "migrate", "--locations", folder.location())));
            }
            List<String> outs = new ArrayList<>();
            for (Future<CliRun> f : runs) {
                CliRun run = f.get();
                assertThat(run.exitCode()).as(run.toString()).isZero();
                outs.add(run.out());
            }
            assertThat(String.join("\n", outs)).containsOnlyOnce("none -> 40, applied 40 migrations");
            assertThat(outs)
                    .filteredOn(o -> o.contains("up to date at schema version 40"))
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("select count(*) from flyway_schema_history where success"))
                .isEqualTo(40);
    }

    /**
     * Flyway's own run of the folder: V1 alone (a target skips the shortcut), then the rest one
     * transaction each, as on a database in use. Its log.
     */
    private static String flywaysOwnRun(Sql db, DrizzleFolder folder) {
        CliRun first = db.cli("migrate", "--target", "1", "--locations", folder.location());
        CliRun rest = db.cli("migrate", "--locations", folder.location());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        return first.err() + rest.err();
    }
}
