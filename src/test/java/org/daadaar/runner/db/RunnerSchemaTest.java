package org.daadaar.runner.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's own schema, db_runner, through the real command line on real databases: there
 * whatever migrations a project uses, set up before the first changing task, taking over the
 * rows of the old public.runner_audit once, and refused with the GRANT to ask for.
 */
class RunnerSchemaTest {
    private static final AtomicInteger ROLES = new AtomicInteger();

    @TempDir
    Path migrations;

    @Test
    void a_projects_own_migrations_get_the_audit_trail_from_the_first_migrate_on() throws IOException {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        Files.writeString(migrations.resolve("V1__things.sql"), "create table things (id int);");
        String location = "filesystem:" + migrations;

        CliRun first = CliRun.run("--database-url", db.cliUrl(), "migrate", "--locations", location);
        Files.writeString(migrations.resolve("V2__broken.sql"), "select 1/0;");
        CliRun failed = CliRun.run("--database-url", db.cliUrl(), "migrate", "--locations", location);
        Files.delete(migrations.resolve("V2__broken.sql"));
        CliRun again = CliRun.run("--database-url", db.cliUrl(), "migrate", "--locations", location);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(first.err() + failed.err() + again.err()).doesNotContain("not recorded");
        assertThat(db.column("select task || ':' || status from db_runner.audit order by id"))
                .containsExactly("migrate:succeeded", "migrate:failed", "migrate:nothing-to-do");
        assertThat(db.one("select parameters->>'locations' from db_runner.audit where id = 1"))
                .contains(migrations.toString());
        assertThat(db.column("select version || ':' || success from db_runner.flyway_schema_history"
                        + " where version is not null order by installed_rank"))
                .as("the runner's schema has its own history")
                .containsExactly("1:true");
        assertThat(db.column("select coalesce(string_agg(version, ','), '') from flyway_schema_history"))
                .as("the project's history holds only the project's migrations")
                .containsExactly("1");
    }

    @Test
    void a_fresh_database_from_the_packaged_migrations_keeps_the_runners_table_out_of_its_schema() {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = CliRun.run("--database-url", db.cliUrl(), "migrate", "validate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("validate: the 3 applied migrations match");
        assertThat(db.column("select relname from pg_class where relnamespace = 'public'::regnamespace"
                        + " and relname like '%audit%'"))
                .isEmpty();
        assertThat(db.one("select task || ':' || status from db_runner.audit")).isEqualTo("migrate:succeeded");
    }

    @Test
    void an_old_databases_audit_rows_move_once_in_one_go_and_validate_stays_clean() {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        // What an older runner left: V1 and V2 applied, its rows in public.runner_audit, no db_runner.
        CliRun old = CliRun.run("--database-url", db.cliUrl(), "--no-audit", "migrate", "--target", "2");
        assertThat(old.exitCode()).as(old.toString()).isZero();
        db.exec(
                """
                insert into runner_audit (task, parameters, status, counts, started_at, finished_at, build_id)
                values ('migrate', '{}', 'succeeded', '{"migrations_applied": 2}', '2026-01-02 03:04:05+00', now(), 'b:1'),
                       ('seed', '{}', 'nothing-to-do', '{}', '2026-01-03 03:04:05+00', now(), 'b:2'),
                       ('cleanup-test-users', '{"max_users": 5}', 'refused', '{}', '2026-01-04 03:04:05+00', now(), null)
                """);
        String v1Row = db.one(
                "select '1:' || description || ':' || checksum from flyway_schema_history" + " where version = '1'");
        String v2Checksum = db.one("select checksum from flyway_schema_history where version = '2'");
        // V3 as a database migrated from nothing records it: the same file, the same checksum.
        Sql reference = Sql.on(TestDatabase.fresh(getClass()));
        assertThat(CliRun.run("--database-url", reference.cliUrl(), "migrate").exitCode())
                .isZero();
        String v3Row = reference.one(
                "select '3:' || description || ':' || checksum from flyway_schema_history" + " where version = '3'");

        CliRun run = CliRun.run("--database-url", db.cliUrl(), "migrate");
        CliRun rerun = CliRun.run("--database-url", db.cliUrl(), "migrate", "validate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("moved 3 audit rows from public.runner_audit to db_runner.audit");
        assertThat(db.column("select id || ':' || task || ':' || status || ':' || coalesce(build_id, '-')"
                        + " from db_runner.audit order by id"))
                .as("the old rows keep their ids, and the runs after them follow")
                .containsExactly(
                        "1:migrate:succeeded:b:1",
                        "2:seed:nothing-to-do:b:2",
                        "3:cleanup-test-users:refused:-",
                        "4:migrate:succeeded:-",
                        "5:migrate:nothing-to-do:-");
        assertThat(db.one("select parameters->>'max_users' from db_runner.audit where id = 3"))
                .isEqualTo("5");
        assertThat(db.one("select to_regclass('public.runner_audit') is null")).isEqualTo("t");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out())
                .doesNotContain("moved")
                .contains("validate: the 3 applied migrations match the given ones");
        assertThat(db.column("select version || ':' || description || ':' || checksum from flyway_schema_history"
                        + " order by installed_rank"))
                .as("V2's history row stays as it was applied")
                .containsExactly(v1Row, "2:runner audit:" + v2Checksum, v3Row);
    }

    @Test
    void a_no_audit_migrate_never_drops_rows_that_were_not_moved() {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        assertThat(CliRun.run("--database-url", db.cliUrl(), "--no-audit", "migrate", "--target", "2")
                        .exitCode())
                .isZero();
        db.exec("insert into runner_audit (task, status) values ('seed', 'succeeded')");

        CliRun run = CliRun.run("--database-url", db.cliUrl(), "--no-audit", "migrate");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.err()).contains("runner_audit still holds rows", "without --no-audit");
        assertThat(db.one("select count(*) from runner_audit")).isEqualTo("1");
    }

    @Test
    void a_role_that_may_not_create_the_schema_gets_exit_3_with_the_grant_and_nothing_changes() {
        Sql admin = Sql.on(TestDatabase.fresh(getClass()));
        String role = "limited_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        admin.exec(
                "create role " + role + " login password 'Limited-pw-7'", "grant create on schema public to " + role);
        DatabaseUrl base = admin.url();
        Sql limited = Sql.on(
                new DatabaseUrl(base.host(), base.port(), base.database(), role, "Limited-pw-7", base.properties()));

        CliRun refused = CliRun.run("--database-url", limited.cliUrl(), "migrate");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        String database = base.database();
        assertThat(refused.err())
                .contains(
                        "GRANT CREATE ON DATABASE " + database + " TO " + role + ";",
                        "CREATE SCHEMA db_runner AUTHORIZATION " + role + ";",
                        "--no-audit",
                        "Nothing was changed")
                .doesNotContain("Limited-pw-7");
        assertThat(admin.one("select count(*) from pg_class where relnamespace = 'public'::regnamespace"))
                .as("not even Flyway's history table")
                .isEqualTo("0");
        assertThat(admin.one("select to_regnamespace('db_runner') is null")).isEqualTo("t");

        CliRun unrecorded = CliRun.run("--database-url", limited.cliUrl(), "--no-audit", "migrate");

        assertThat(unrecorded.exitCode()).as(unrecorded.toString()).isZero();
        assertThat(unrecorded.err())
                .containsPattern("WARN +--no-audit: migrate run without a record in db_runner.audit");
        assertThat(admin.one("select to_regclass('public.users') is not null")).isEqualTo("t");
        assertThat(admin.one("select to_regnamespace('db_runner') is null")).isEqualTo("t");

        Matcher grant = Pattern.compile("GRANT CREATE ON DATABASE [^;]+;").matcher(refused.err());
        assertThat(grant.find()).isTrue();
        admin.exec(grant.group());
        CliRun granted = CliRun.run("--database-url", limited.cliUrl(), "seed");

        assertThat(granted.exitCode())
                .as("after the administrator's GRANT: " + granted)
                .isZero();
        assertThat(admin.one("select task || ':' || status from db_runner.audit"))
                .isEqualTo("seed:succeeded");
    }

    @Test
    void a_role_that_may_not_use_an_existing_schema_is_told_each_grant_it_lacks() {
        Sql admin = Sql.on(TestDatabase.fresh(getClass()));
        assertThat(CliRun.run("--database-url", admin.cliUrl(), "migrate").exitCode())
                .isZero();
        String role = "app_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        admin.exec("create role " + role + " login password 'App-pw-7'", "grant select on organizations to " + role);
        DatabaseUrl base = admin.url();
        Sql app =
                Sql.on(new DatabaseUrl(base.host(), base.port(), base.database(), role, "App-pw-7", base.properties()));

        CliRun noUsage = CliRun.run("--database-url", app.cliUrl(), "backfill-member-role", "--organization-id", "1");
        admin.exec("grant usage on schema db_runner to " + role);
        CliRun noHistory = CliRun.run("--database-url", app.cliUrl(), "backfill-member-role", "--organization-id", "1");
        admin.exec("grant select on db_runner.flyway_schema_history to " + role);
        CliRun noInsert = CliRun.run("--database-url", app.cliUrl(), "backfill-member-role", "--organization-id", "1");

        assertThat(noUsage.exitCode()).as(noUsage.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(noUsage.err()).contains("GRANT USAGE ON SCHEMA db_runner TO " + role + ";");
        assertThat(noHistory.err()).contains("GRANT SELECT ON db_runner.flyway_schema_history TO " + role + ";");
        assertThat(noInsert.exitCode()).as(noInsert.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(noInsert.err()).contains("GRANT INSERT ON db_runner.audit TO " + role + ";");
        assertThat(admin.count("select count(*) from db_runner.audit"))
                .as("only the admin's migrate")
                .isEqualTo(1);
    }

    @Test
    void a_dry_run_does_not_set_the_schema_up_and_says_it_is_not_recorded() {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun dry = CliRun.run("--database-url", db.cliUrl(), "--dry-run", "migrate");
        CliRun real = CliRun.run("--database-url", db.cliUrl(), "migrate");
        CliRun dryAfter = CliRun.run("--database-url", db.cliUrl(), "--dry-run", "migrate");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.err()).contains("is not set up yet", "this dry run is not recorded");
        assertThat(real.exitCode()).as(real.toString()).isZero();
        assertThat(dryAfter.err()).doesNotContain("not recorded");
        assertThat(db.column("select task || ':' || status || ':' || dry_run from db_runner.audit order by id"))
                .containsExactly("migrate:succeeded:false", "migrate:dry-run:true");
    }

    @Test
    void read_only_tasks_leave_the_database_alone() {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = CliRun.run("--database-url", db.cliUrl(), "ping", "info", "validate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(db.one("select to_regnamespace('db_runner') is null")).isEqualTo("t");
    }

    @Test
    void help_documents_no_audit() {
        CliRun help = CliRun.run("--help");

        assertThat(help.out()).contains("--no-audit", "db_runner.audit");
    }

    @Test
    void the_first_set_up_leaves_the_catalog_and_history_that_flyways_own_migrate_leaves() {
        Sql ours = Sql.on(TestDatabase.fresh(getClass()));
        Sql flyways = Sql.on(TestDatabase.fresh(getClass()));

        RunnerSchema.bringUpToDate(ours.dataSource(), Duration.ofSeconds(5), Duration.ofSeconds(5));
        RunnerSchema.flyway(flyways.dataSource(), Duration.ofSeconds(5)).migrate();

        for (String query : List.of(
                "select table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length"
                        + "::text, '') || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' '"
                        + " || is_identity from information_schema.columns where table_schema = 'db_runner'"
                        + " order by 1",
                "select indexdef from pg_indexes where schemaname = 'db_runner' order by 1",
                "select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint"
                        + " where connamespace = 'db_runner'::regnamespace order by 1",
                "select installed_rank || '|' || coalesce(version, '') || '|' || description || '|' || type || '|'"
                        + " || script || '|' || coalesce(checksum::text, '') || '|' || installed_by || '|' || success"
                        + " from db_runner.flyway_schema_history order by installed_rank")) {
            assertThat(ours.column(query)).as(query).isNotEmpty().isEqualTo(flyways.column(query));
        }
        CliRun migrate = CliRun.run("--database-url", ours.cliUrl(), "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(ours.one("select task || ':' || status from db_runner.audit"))
                .isEqualTo("migrate:succeeded");
    }

    @Test
    void the_first_set_up_runs_every_file_of_db_runner_in_order() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("db/runner"))) {
            assertThat(RunnerSchema.SCRIPTS)
                    .as("the first set-up applies these files itself, so it must list every one, oldest first")
                    .isEqualTo(files.map(f -> f.getFileName().toString())
                            .filter(f -> f.endsWith(".sql"))
                            .sorted(java.util.Comparator.comparingInt(
                                    f -> Integer.parseInt(FirstRunnerSchema.version(f))))
                            .toList());
        }
    }

    @Test
    void the_latest_version_is_the_newest_file_in_db_runner() throws IOException {
        Pattern versioned = Pattern.compile("V(\\d+)__.+\\.sql");
        try (Stream<Path> files = Files.list(Path.of("db/runner"))) {
            int newest = files.map(f -> versioned.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
            assertThat(RunnerSchema.LATEST_VERSION)
                    .as("a database at LATEST_VERSION skips Flyway, so it must name the newest migration")
                    .isEqualTo(String.valueOf(newest));
        }
    }
}
