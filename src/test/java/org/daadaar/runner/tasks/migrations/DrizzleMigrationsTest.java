package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --locations drizzle:DIR and drizzle-import, through the real command line on real databases. */
class DrizzleMigrationsTest {
    private static final String HISTORY = "select version || '|' || description || '|' || type || '|' || script || '|'"
            + " || checksum from flyway_schema_history where version is not null order by installed_rank";

    @TempDir
    Path work;

    @Test
    void a_fresh_database_migrated_from_a_drizzle_folder_matches_drizzle_applying_it() throws Exception {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Sql runner = Sql.on(TestDatabase.fresh(getClass()));
        Sql drizzle = Sql.on(TestDatabase.fresh(getClass()));
        DrizzleReferenceMigrator.migrate(drizzle.url(), folder.dir(), 4);

        CliRun run = runner.cli("migrate", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("schema version none -> 4, applied 4 migrations")
                .contains("V1  0000 init users  (0000_init_users.sql)");
        assertThat(run.err())
                .as("the file the journal does not list is named and skipped")
                .contains("0004_draft_drop.sql is not in meta/_journal.json and is ignored");
        assertThat(runner.column(HISTORY))
                .extracting(line -> line.substring(0, line.lastIndexOf('|')))
                .containsExactly(
                        "1|0000 init users|SQL|V1__0000_init_users.sql",
                        "2|0001 posts fk|SQL|V2__0001_posts_fk.sql",
                        "3|0002 status crlf|SQL|V3__0002_status_crlf.sql",
                        "4|0003 admin row|SQL|V4__0003_admin_row.sql");
        assertThat(runner.column(DrizzleReferenceMigrator.CATALOG))
                .as("same tables, columns, types, constraints, indexes, enums and rows as drizzle's own run")
                .isEqualTo(drizzle.column(DrizzleReferenceMigrator.CATALOG))
                .contains("enum post_status draft,published", "rows users 1");
    }

    @Test
    void imported_files_give_the_same_history_as_the_drizzle_folder_and_validate_each_other() throws IOException {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Path imported = work.resolve("flyway");
        CliRun importRun = CliRun.run("drizzle-import", folder.dir().toString(), "--to", imported.toString());
        assertThat(importRun.exitCode()).as(importRun.toString()).isZero();
        assertThat(importRun.out()).contains("wrote 4 files, kept 0 identical");
        assertThat(Files.readAllBytes(imported.resolve("V3__0002_status_crlf.sql")))
                .as("byte-identical, CRLF and all")
                .isEqualTo(Files.readAllBytes(folder.dir().resolve("0002_status_crlf.sql")));
        assertThat(imported.resolve("V5__0004_draft_drop.sql")).doesNotExist();
        Sql fromDrizzle = Sql.on(TestDatabase.fresh(getClass()));
        Sql fromFiles = Sql.on(TestDatabase.fresh(getClass()));

        assertThat(fromDrizzle.cli("migrate", "--locations", folder.location()).exitCode())
                .isZero();
        assertThat(fromFiles
                        .cli("migrate", "--locations", "filesystem:" + imported)
                        .exitCode())
                .isZero();

        assertThat(fromFiles.column(HISTORY)).hasSize(4).isEqualTo(fromDrizzle.column(HISTORY));
        CliRun switched = fromDrizzle.cli("validate", "--locations", "filesystem:" + imported);
        assertThat(switched.exitCode()).as(switched.toString()).isZero();
        CliRun back = fromFiles.cli("validate", "--locations", folder.location());
        assertThat(back.exitCode()).as(back.toString()).isZero();
    }

    @Test
    void import_is_incremental_keeps_identical_files_and_refuses_a_differing_one_writing_nothing() throws IOException {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        Path imported = work.resolve("flyway");
        assertThat(CliRun.run("drizzle-import", folder.dir().toString(), "--to", imported.toString())
                        .exitCode())
                .isZero();
        folder.add("0004_comments", "CREATE TABLE \"comments\" (\"id\" serial PRIMARY KEY NOT NULL);\n");

        CliRun dryRun = CliRun.run("drizzle-import", folder.dir().toString(), "--to", imported.toString(), "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("would write 1 file, kept 4 identical");
        assertThat(imported.resolve("V5__0004_comments.sql")).doesNotExist();
        CliRun globalDryRun =
                CliRun.run("--dry-run", "drizzle-import", folder.dir().toString(), "--to", imported.toString());
        assertThat(globalDryRun.out()).as(globalDryRun.toString()).contains("would write 1 file");
        assertThat(imported.resolve("V5__0004_comments.sql")).doesNotExist();

        Files.writeString(
                imported.resolve("V2__0001_posts_fk.sql"), "-- edited\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun refused = CliRun.run("drizzle-import", folder.dir().toString(), "--to", imported.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("V2__0001_posts_fk.sql differs from").contains("nothing was written");
        assertThat(imported.resolve("V5__0004_comments.sql")).doesNotExist();

        Files.copy(
                folder.dir().resolve("0001_posts_fk.sql"),
                imported.resolve("V2__0001_posts_fk.sql"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun again = CliRun.run("drizzle-import", folder.dir().toString(), "--to", imported.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("wrote 1 file, kept 4 identical");
    }

    @Test
    void a_broken_folder_is_exit_2_naming_what_is_wrong_before_connecting() throws IOException {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        // An unreachable database: the folder is checked before any connection.
        String url = "postgresql://runner@127.0.0.1:1/none";

        Files.delete(folder.dir().resolve("0001_posts_fk.sql"));
        assertRefused(url, folder, "entry 1 (0001_posts_fk) names 0001_posts_fk.sql, which is not in");

        folder.file("0001_posts_fk.sql", DrizzleFolder.POSTS).journal("mysql");
        assertRefused(url, folder, "is of dialect 'mysql'; the runner migrates PostgreSQL only");

        folder.file("meta/_journal.json", "{\"version\": \"7\", \"dialect\": \"postgresql\", \"entries\": [");
        assertRefused(url, folder, "_journal.json is not valid JSON");

        CliRun mixed = CliRun.run(
                "--database-url", url, "migrate", "--locations", folder.location() + ",classpath:db/migration");
        assertThat(mixed.exitCode()).as(mixed.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(mixed.err()).contains("must be the only location");
    }

    @Test
    void on_an_empty_database_a_drizzle_folder_applies_in_one_transaction_so_a_failure_leaves_it_empty()
            throws IOException {
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        folder.add("0004_broken", "ALTER TABLE \"no_such_table\" ADD COLUMN \"x\" integer;\n");
        Sql db = Sql.on(TestDatabase.fresh(getClass()));

        CliRun run = db.cli("migrate", "--locations", folder.location());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.err()).contains("V5__0004_broken.sql");
        assertThat(db.one("select to_regclass('users') is null"))
                .as("V1..V4 rolled back with V5")
                .isEqualTo("t");
        assertThat(db.one("select to_regclass('flyway_schema_history') is null"))
                .as("Flyway's history table, made in the same transaction, rolled back too")
                .isEqualTo("t");

        Files.writeString(folder.dir().resolve("0004_broken.sql"), "ALTER TABLE \"users\" ADD COLUMN \"x\" integer;\n");
        CliRun fixed = db.cli("migrate", "--locations", folder.location());
        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("schema version none -> 5, applied 5 migrations");
    }

    private static void assertRefused(String url, DrizzleFolder folder, String message) {
        for (List<String> args : List.of(
                List.of("--database-url", url, "migrate", "--locations", folder.location()),
                List.of("drizzle-import", folder.dir().toString(), "--to", folder.dir() + "-out"))) {
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).contains(message);
        }
    }
}
