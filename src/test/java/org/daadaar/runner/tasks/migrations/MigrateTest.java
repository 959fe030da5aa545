package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate, info and validate through the real command line, each test on a database of its own. */
class MigrateTest {
    @TempDir
    Path migrations;

    @Test
    void a_fresh_database_gets_the_schema_and_the_report_names_versions_and_durations() {
        DatabaseUrl db = TestDatabase.fresh(getClass());

        CliRun run = migrate(db);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("migrate: schema version none -> 3, applied 3 migrations in ")
                .containsPattern("V1 {2}initial schema {2}\\(V1__initial_schema\\.sql\\) {2}\\d+ ms")
                .containsPattern("V2 {2}runner audit {2}\\(V2__runner_audit\\.sql\\) {2}\\d+ ms")
                .containsPattern("migrate: total \\d+ ms");
        assertThat(query(db, "select count(*) from flyway_schema_history where success"))
                .containsExactly("3");
        assertThat(query(db, "select (to_regclass('public.runner_audit') is null) || ':' || to_regclass('users')"))
                .as("the application's schema holds only the application's tables")
                .containsExactly("true:users");
    }

    @Test
    void a_rerun_is_up_to_date_and_exits_zero() {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        assertThat(migrate(db).exitCode()).isZero();

        CliRun rerun = migrate(db);

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("up to date at schema version 3");
        assertThat(query(db, "select count(*) from flyway_schema_history")).containsExactly("3");
    }

    @Test
    void migrate_is_audited_and_info_and_validate_are_not() {
        DatabaseUrl db = TestDatabase.fresh(getClass());

        CliRun run = CliRun.run("--database-url", TestDatabase.cliUrl(db), "migrate", "info", "validate", "migrate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(query(db, "select task || ':' || status from db_runner.audit order by id"))
                .containsExactly("migrate:succeeded", "migrate:nothing-to-do");
    }

    @Test
    void a_failed_migrate_is_audited_with_its_error() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        assertThat(migrate(db).exitCode()).isZero();
        write("V4__broken.sql", "select 1/0;");

        CliRun run = CliRun.run(
                "--database-url",
                TestDatabase.cliUrl(db),
                "migrate",
                "--locations",
                "classpath:db/migration," + location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(query(
                        db,
                        "select task || ':' || status || ':' || coalesce(error like '%V4__broken.sql%division by zero%', false)"
                                + " from db_runner.audit order by id"))
                .containsExactly("migrate:succeeded:false", "migrate:failed:true");
    }

    @Test
    void dry_run_lists_the_pending_migrations_and_applies_nothing() {
        DatabaseUrl db = TestDatabase.fresh(getClass());

        CliRun run = CliRun.run("--database-url", TestDatabase.cliUrl(db), "--dry-run", "migrate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "would apply 3 migrations, applied nothing",
                        "V1  initial schema  (V1__initial_schema.sql)",
                        "V2  runner audit  (V2__runner_audit.sql)");
        assertThat(query(db, "select count(*) from pg_class where relnamespace = 'public'::regnamespace"))
                .as("not even Flyway's history table")
                .containsExactly("0");
    }

    @Test
    void info_lists_each_migration_as_a_table_or_as_json() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write("V1__first.sql", "create table first (id int);");
        write("V2__second.sql", "create table second (id int);");
        assertThat(migrate(db, "--target", "1").exitCode()).isZero();

        CliRun text = CliRun.run("--database-url", TestDatabase.cliUrl(db), "info", "--locations", location());
        CliRun json = CliRun.run(
                "--database-url", TestDatabase.cliUrl(db), "--output", "json", "info", "--locations", location());

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out())
                .contains("info: schema version 1, 2 migrations, 1 pending")
                .contains("version | description | type | state   | installed on")
                .containsPattern("1 +\\| first +\\| SQL +\\| Success +\\| 20\\d\\d-")
                .containsPattern("2 +\\| second +\\| SQL +\\| Pending +\\| +\\| V2__second.sql");
        assertThat(json.out().strip())
                .startsWith("{\"task\":\"info\",\"status\":\"succeeded\",\"schema_version\":\"1\"")
                .contains("{\"version\":\"2\",\"description\":\"second\",\"type\":\"SQL\",\"state\":\"Pending\","
                        + "\"installed_on\":\"\",\"file\":\"V2__second.sql\"}");
    }

    @Test
    void target_stops_at_the_given_version() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write("V1__first.sql", "create table first (id int);");
        write("V2__second.sql", "create table second (id int);");

        CliRun run = migrate(db, "--target", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("none -> 1");
        assertThat(query(db, "select to_regclass('second') is null")).containsExactly("t");
    }

    @Test
    void validate_passes_on_a_match_and_names_a_checksum_drift_with_exit_1() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write("V1__first.sql", "create table first (id int);");
        write("V2__second.sql", "create table second (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        CliRun clean = validate(db);
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("validate: the 2 applied migrations match");

        write("V2__second.sql", "create table second (id bigint);");
        CliRun drift = validate(db);
        CliRun migrate = migrate(db);

        assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(drift.err())
                .contains("1 difference", "V2 second", "checksum drift", "repair --accept-checksum 2")
                .doesNotContain("V1 first");
        assertThat(migrate.exitCode()).as("validateOnMigrate").isEqualTo(ExitCode.TASK_FAILED);
        assertThat(migrate.err()).contains("refused before changing anything", "checksum");
    }

    @Test
    void validate_does_not_count_pending_migrations_as_differences() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write("V1__first.sql", "create table first (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        write("V2__second.sql", "create table second (id int);");

        CliRun run = validate(db);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("the 1 applied migration matches the given ones (1 pending, not yet applied)");
    }

    @Test
    void a_failing_migration_is_rolled_back_completely_and_names_the_file_and_the_error() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write("V1__first.sql", "create table first (id int);");
        write(
                "V2__broken.sql",
                "create table half (id int);\ninsert into first values (1);\ninsert into nowhere values (1);");

        CliRun run = migrate(db);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.err())
                .contains(
                        "V2__broken.sql line 3",
                        "insert into nowhere values (1)",
                        "relation \"nowhere\" does not exist",
                        "42P01",
                        "rolled back");
        assertThat(query(db, "select (to_regclass('half') is null) || ':' || (select count(*) from first)"))
                .as("nothing of V2 remains")
                .containsExactly("true:0");
        assertThat(query(db, "select version from flyway_schema_history order by installed_rank"))
                .containsExactly("1");
    }

    @Test
    void a_foreign_schema_is_refused_until_adopted_with_a_baseline_version() throws SQLException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        execute(db, "create table drizzle_users (id serial primary key, email text)");

        CliRun refused = migrate(db);
        CliRun adopted = CliRun.run("--database-url", TestDatabase.cliUrl(db), "migrate", "--baseline-version", "1");
        CliRun again = migrate(db);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("not empty", "drizzle_users", "--baseline-version V", "Nothing was changed");
        assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
        assertThat(query(db, "select version || ':' || type from flyway_schema_history order by installed_rank"))
                .containsExactly("1:BASELINE", "2:SQL", "3:SQL");
        assertThat(query(db, "select to_regclass('users') is null"))
                .as("V1 was not run")
                .containsExactly("t");
        assertThat(query(db, "select count(*) from db_runner.audit where task = 'migrate' and status = 'succeeded'"))
                .as("an adopted database has the audit trail too")
                .containsExactly("1");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("up to date at schema version 3");
    }

    @Test
    void a_migration_blocked_by_another_sessions_lock_fails_within_its_lock_timeout() throws Exception {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write("V1__first.sql", "create table busy (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        write("V2__alter.sql", "alter table busy add column note text;");

        CliRun run;
        long millis;
        try (Connection reader = TestDatabase.connect(db);
                Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            st.execute("select * from busy"); // holds AccessShareLock until rollback, like a long report query
            long start = System.nanoTime();
            run = CliRun.run(
                    "--database-url",
                    TestDatabase.cliUrl(db),
                    "--lock-timeout",
                    "1s",
                    "migrate",
                    "--locations",
                    location(),
                    "--lock-retries", // no retries: this is about failing within lock_timeout (LockRetryTest)
                    "0");
            millis = (System.nanoTime() - start) / 1_000_000;
            reader.rollback();
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err())
                .contains(
                        "V2__alter.sql",
                        "lock_timeout (1000 ms)",
                        "AccessExclusiveLock on relation busy",
                        "held by pid",
                        "idle in transaction",
                        "rerun is safe");
        assertThat(millis)
                .as("fails fast instead of queueing the application behind it")
                .isLessThan(8_000);
        assertThat(migrate(db).exitCode()).as("the rerun").isZero();
        assertThat(query(db, "select count(*) from information_schema.columns where table_name = 'busy'"))
                .containsExactly("2");
    }

    @Test
    void create_index_concurrently_runs_outside_a_transaction_with_its_script_config() throws IOException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        write(
                "V1__first.sql",
                "create table big (id int, name text);\ninsert into big select g, 'n' || g from generate_series(1, 1000) g;");
        write("V2__index_big_name.sql", "create index concurrently big_name_idx on big (name);");
        write("V2__index_big_name.sql.conf", "executeInTransaction=false\n");

        CliRun run = migrate(db);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("none -> 2");
        assertThat(query(db, "select indisvalid from pg_index where indexrelid = 'big_name_idx'::regclass"))
                .containsExactly("t");
    }

    @Test
    void the_schema_allows_one_member_role_per_organization_in_any_case() throws SQLException {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        assertThat(migrate(db).exitCode()).isZero();
        execute(
                db,
                "insert into organizations (name) values ('org'); insert into roles (organization_id, title, title_en)"
                        + " select id, 'عضو', 'Member' from organizations");

        assertThatThrownBy(() -> execute(
                        db,
                        "insert into roles (organization_id, title, title_en)"
                                + " select id, 'عضو', 'MEMBER' from organizations"))
                .hasMessageContaining("roles_one_member_per_organization");
        execute(
                db,
                "insert into roles (organization_id, title, title_en) select id, 'رئیس', 'Head' from organizations");
    }

    @Test
    void every_foreign_key_states_an_on_delete_rule() {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        assertThat(migrate(db).exitCode()).isZero();

        List<String> rules = query(
                db,
                """
                select conrelid::regclass || '.' || conname || ':' || confdeltype::text
                from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace order by 1
                """);

        assertThat(rules)
                .hasSizeGreaterThanOrEqualTo(15)
                .as("a = NO ACTION, the default that a forgotten ON DELETE leaves")
                .noneMatch(rule -> rule.endsWith(":a"));
    }

    @Test
    void help_names_the_migration_tasks_and_their_options() {
        CliRun root = CliRun.run("--help");
        CliRun migrate = CliRun.run("migrate", "--help");

        assertThat(root.out()).contains("migrate", "info", "validate");
        assertThat(migrate.out())
                .contains("--target", "--baseline-version", "--locations")
                .doesNotContain("--clean");
    }

    @Test
    void bad_options_are_refused_before_connecting() {
        CliRun target = CliRun.run("--database-url", "postgresql://app@db.invalid/app", "migrate", "--target", "two");
        CliRun location = CliRun.run(
                "--database-url", "postgresql://app@db.invalid/app", "info", "--locations", "filesystem:/no/such/dir");

        assertThat(target.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(target.err()).contains("--target must be a version", "'two'");
        assertThat(location.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(location.err()).contains("/no/such/dir is not a directory");
    }

    private CliRun migrate(DatabaseUrl db, String... options) {
        return task(db, "migrate", options);
    }

    private CliRun validate(DatabaseUrl db) {
        return task(db, "validate");
    }

    /** With files in the temp dir, the task uses them; else the packaged migrations. */
    private CliRun task(DatabaseUrl db, String task, String... options) {
        List<String> args = new ArrayList<>(List.of("--database-url", TestDatabase.cliUrl(db), task));
        if (hasFiles()) {
            args.addAll(List.of("--locations", location()));
        }
        args.addAll(List.of(options));
        return CliRun.run(args.toArray(String[]::new));
    }

    private boolean hasFiles() {
        try (var files = Files.list(migrations)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String location() {
        return "filesystem:" + migrations;
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private static void execute(DatabaseUrl db, String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> query(DatabaseUrl db, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return rows;
    }
}
