package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate --adopt-drizzle on databases that drizzle's migrator (re-created faithfully in
 * {@link DrizzleReferenceMigrator}) has brought to 2 of the folder's 4 migrations.
 */
class DrizzleAdoptionTest {
    private static final String DRIZZLE_ROWS =
            "select id || ':' || hash || ':' || created_at" + " from drizzle.__drizzle_migrations order by id";
    private static final String HISTORY = "select version || '|' || description || '|' || type || '|' || script || '|'"
            + " || coalesce(checksum::text, '') from flyway_schema_history order by installed_rank";
    private static final String HAS_FLYWAY = "select to_regclass('flyway_schema_history') is not null";

    @TempDir
    Path work;

    private Sql drizzleAt(int applied, DrizzleFolder folder) throws Exception {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        DrizzleReferenceMigrator.migrate(db.url(), folder.dir(), applied);
        return db;
    }

    @Test
    void two_of_four_applied_by_drizzle_then_adopted_give_the_schema_of_all_four_and_leave_drizzles_table()
            throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql adopted = drizzleAt(2, folder);
        Sql allByDrizzle = drizzleAt(4, folder);
        List<String> drizzleRows = adopted.column(DRIZZLE_ROWS);

        CliRun run = adopted.cli("migrate", "--adopt-drizzle", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("adopted drizzle's history: drizzle.__drizzle_migrations records 2 applied migrations:"
                        + " baselined Flyway at V2 (V2__0001_posts_fk.sql), then apply 2 pending")
                .contains("schema version 2 -> 4, applied 2 migrations");
        assertThat(adopted.column(HISTORY))
                .extracting(line -> line.substring(0, line.lastIndexOf('|')))
                .containsExactly(
                        "2|adopted from drizzle at V2__0001_posts_fk.sql|BASELINE|adopted from drizzle at"
                                + " V2__0001_posts_fk.sql",
                        "3|0002 status crlf|SQL|V3__0002_status_crlf.sql",
                        "4|0003 admin row|SQL|V4__0003_admin_row.sql");
        assertThat(adopted.column(DrizzleReferenceMigrator.CATALOG))
                .isEqualTo(allByDrizzle.column(DrizzleReferenceMigrator.CATALOG));
        assertThat(adopted.column(DRIZZLE_ROWS))
                .as("drizzle's table is left as it was")
                .isEqualTo(drizzleRows);

        CliRun validate = adopted.cli("validate", "--locations", folder.location());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        List<String> history = adopted.column(HISTORY);
        CliRun rerun = adopted.cli("migrate", "--adopt-drizzle", "--locations", folder.location());
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out())
                .contains("drizzle's history was adopted before")
                .contains("up to date at schema version 4");
        assertThat(adopted.column(HISTORY)).isEqualTo(history);
    }

    @Test
    void the_adoption_is_in_the_audit_row() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = drizzleAt(2, folder);

        assertThat(db.cli("migrate", "--adopt-drizzle", "--locations", folder.location())
                        .exitCode())
                .isZero();

        assertThat(db.one("select parameters->>'adopt_drizzle' || ' ' || (counts->'drizzle'->>'baseline_version')"
                        + " || ' ' || (counts->>'migrations_applied') from db_runner.audit"))
                .isEqualTo("drizzle.__drizzle_migrations 2 2");
    }

    @Test
    void the_imported_flyway_files_adopt_the_same_way_as_the_drizzle_folder() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Path imported = work.resolve("flyway");
        assertThat(CliRun.run("drizzle-import", folder.dir().toString(), "--to", imported.toString())
                        .exitCode())
                .isZero();
        Sql viaDrizzle = drizzleAt(2, folder);
        Sql viaFiles = drizzleAt(2, folder);

        assertThat(viaDrizzle
                        .cli("migrate", "--adopt-drizzle", "--locations", folder.location())
                        .exitCode())
                .isZero();
        CliRun run = viaFiles.cli("migrate", "--adopt-drizzle", "--locations", "filesystem:" + imported);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(viaFiles.column(HISTORY).stream()
                        .map(l -> l.substring(0, l.lastIndexOf('|')))
                        .toList())
                .as("the baseline row and the two applied after it")
                .hasSize(3)
                .isEqualTo(viaDrizzle.column(HISTORY).stream()
                        .map(l -> l.substring(0, l.lastIndexOf('|')))
                        .toList());
        assertThat(viaFiles.column("select checksum from flyway_schema_history where version::int > 2"))
                .hasSize(2)
                .isEqualTo(viaDrizzle.column("select checksum from flyway_schema_history where version::int > 2"));
    }

    @Test
    void an_applied_file_edited_since_is_refused_naming_it_and_both_hashes_and_nothing_changes() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = drizzleAt(2, folder);
        String applied = db.one("select hash from drizzle.__drizzle_migrations where id = 2");
        Files.writeString(folder.dir().resolve("0001_posts_fk.sql"), "-- tidied\n", StandardOpenOption.APPEND);
        String edited = DrizzleReferenceMigrator.hash(
                DrizzleReferenceMigrator.text(folder.dir().resolve("0001_posts_fk.sql")));

        CliRun run = db.cli("migrate", "--adopt-drizzle", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("V2__0001_posts_fk.sql differs from what drizzle applied")
                .contains("has hash " + applied)
                .contains("the file hashes to " + edited)
                .contains("Nothing was changed.");
        assertThat(db.one(HAS_FLYWAY)).isEqualTo("f");
        assertThat(db.count("select count(*) from information_schema.columns"
                        + " where table_schema = 'public' and column_name = 'status'"))
                .isZero();
    }

    @Test
    void a_drizzle_row_that_matches_no_journal_entry_is_refused_naming_it() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = drizzleAt(2, folder);
        db.exec("insert into drizzle.__drizzle_migrations (hash, created_at) values ('" + "ab".repeat(32) + "', "
                + (DrizzleFolder.when(1) + 1) + ")");

        CliRun run = db.cli("migrate", "--adopt-drizzle", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("row id 3 of drizzle.__drizzle_migrations (created_at " + (DrizzleFolder.when(1) + 1)
                        + ", hash " + "ab".repeat(32) + ") matches no journal entry");
        assertThat(db.one(HAS_FLYWAY)).isEqualTo("f");
    }

    @Test
    void dry_run_and_info_say_what_adoption_would_do_and_change_nothing() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = drizzleAt(2, folder);

        CliRun info = db.cli("info", "--locations", folder.location());
        CliRun dryRun = db.cli("--dry-run", "migrate", "--adopt-drizzle", "--locations", folder.location());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out())
                .contains("drizzle-kit manages this database (drizzle.__drizzle_migrations) and Flyway has no"
                        + " history yet; migrate --adopt-drizzle would adopt it: drizzle.__drizzle_migrations records"
                        + " 2 applied migrations: baseline Flyway at V2 (V2__0001_posts_fk.sql), then apply 2 pending");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out())
                .contains("baseline Flyway at V2 (V2__0001_posts_fk.sql), then apply 2 pending")
                .contains("would apply 2 migrations")
                .contains("V3  0002 status crlf")
                .contains("V4  0003 admin row")
                .doesNotContain("V2  0001");
        assertThat(db.one(HAS_FLYWAY)).isEqualTo("f");
    }

    @Test
    void a_database_with_flyway_history_of_its_own_is_not_adopted() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = drizzleAt(2, folder);
        db.exec("create table flyway_schema_history (installed_rank int primary key, version varchar(50),"
                + " description varchar(200), type varchar(20), script varchar(1000), checksum int,"
                + " installed_by varchar(100), installed_on timestamp default now(), execution_time int,"
                + " success boolean)");
        db.exec("insert into flyway_schema_history values (1, '1', 'other', 'SQL', 'V1__other.sql', 0, 'x', now(), 1,"
                + " true)");

        CliRun run = db.cli("migrate", "--adopt-drizzle", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("already has Flyway history");
        assertThat(db.count("select count(*) from flyway_schema_history")).isEqualTo(1);
    }

    @Test
    void an_entry_drizzle_skipped_for_its_older_when_is_refused_rather_than_baselined_over() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        DrizzleReferenceMigrator.migrate(db.url(), folder.dir(), 2);
        // A branch merged later: its entry sorts first by when but was never applied.
        db.exec("delete from drizzle.__drizzle_migrations where id = 1");

        CliRun run = db.cli("migrate", "--adopt-drizzle", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("V1__0000_init_users.sql (when " + DrizzleFolder.when(0)
                        + ") is older than the newest migration in drizzle.__drizzle_migrations but has no row there");
        assertThat(db.one(HAS_FLYWAY)).isEqualTo("f");
    }

    @Test
    void a_drizzle_table_name_that_is_not_two_plain_identifiers_is_refused_before_connecting() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));

        CliRun run = CliRun.run(
                "--database-url",
                "postgresql://runner@127.0.0.1:1/none",
                "migrate",
                "--adopt-drizzle",
                "--drizzle-table",
                "drizzle.x; drop table users",
                "--locations",
                folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--drizzle-table must be SCHEMA.TABLE of plain identifiers");
    }
}
