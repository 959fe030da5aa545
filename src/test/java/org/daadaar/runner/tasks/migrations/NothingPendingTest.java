package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import org.daadaar.runner.db.FlywayHistory;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A no-op migrate told from the history without Flyway (NothingPending): it says "nothing
 * pending" only where Flyway's own migrate would apply nothing and validate, and leaves every
 * other case to Flyway.
 */
class NothingPendingTest {
    private static final String NOT_STARTED = "Flyway not started";
    /** Flyway's own line for a no-op migrate. */
    private static final String FLYWAYS_NO_OP = "is up to date. No migration necessary";

    private static final String HISTORY = FlywayHistory.table("public");

    @TempDir
    Path work;

    @Test
    void a_migrated_folder_is_up_to_date_without_flyway_and_flyway_agrees() throws IOException {
        Path folder = folder();
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        CliRun first = db.cli("migrate", "--locations", "filesystem:" + folder);
        CliRun again = db.cli("migrate", "--locations", "filesystem:" + folder);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).doesNotContain(NOT_STARTED);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("migrate: up to date at schema version 2; nothing to apply (");
        assertThat(again.err()).contains(NOT_STARTED).doesNotContain(FLYWAYS_NO_OP);
        assertThat(db.one("select status from db_runner.audit order by id desc limit 1"))
                .isEqualTo("nothing-to-do");
        MigrationInfoService flywaysView = flyway(db, folder).info();
        assertThat(flywaysView.pending()).as("Flyway's pending migrations").isEmpty();
        assertThat(flywaysView.current().getVersion().getVersion()).isEqualTo("2");
    }

    @Test
    void the_packaged_migrations_and_a_drizzle_folder_are_read_the_same_way() {
        Sql packaged = Sql.on(TestDatabase.fresh(getClass()));
        packaged.cli("migrate");
        CliRun again = packaged.cli("migrate");
        Sql drizzle = Sql.on(TestDatabase.fresh(getClass()));
        DrizzleFolder folder = DrizzleFolder.write(work.resolve("drizzle"));
        drizzle.cli("migrate", "--locations", folder.location());
        CliRun drizzleAgain = drizzle.cli("migrate", "--locations", folder.location());

        assertThat(again.out()).as(again.toString()).contains("up to date at schema version " + Sql.SCHEMA.size());
        assertThat(again.err()).contains(NOT_STARTED);
        assertThat(drizzleAgain.out()).as(drizzleAgain.toString()).contains("up to date at schema version 4");
        assertThat(drizzleAgain.err()).contains(NOT_STARTED);
    }

    @Test
    void whatever_flyway_would_apply_or_refuse_is_left_to_flyway() throws IOException, SQLException {
        record Case(String what, Consumer<Path> folderChange, String historyChange) {}
        List<Case> cases = List.of(
                new Case("a new migration", f -> write(f.resolve("V3__more.sql"), "create table c (id int);"), null),
                new Case("a changed migration", f -> write(f.resolve("V2__c_d.sql"), "create table d (id int);"), null),
                new Case("a failed migration", f -> {}, "update %s set success = false where version = '2'"),
                new Case("an applied migration with no file", f -> delete(f.resolve("V1__a.sql")), null),
                new Case(
                        "an applied migration of another description",
                        f -> {},
                        "update %s set description = 'x'" + " where version = '2'"),
                new Case("a repeatable migration", f -> write(f.resolve("R__view.sql"), "select 1;"), null),
                new Case("a callback", f -> write(f.resolve("afterMigrate.sql"), "select 1;"), null),
                new Case("a script's own settings", f -> write(f.resolve("V2__c_d.sql.conf"), "encoding=UTF-8"), null),
                new Case(
                        "any other file beside them",
                        f -> write(f.resolve("V2__c_d.sql~"), "an editor's backup"),
                        null),
                new Case("a name Flyway refuses", f -> write(f.resolve("V3_more.sql"), "select 1;"), null),
                new Case("one version twice", f -> write(f.resolve("sub/V2_0__again.sql"), "select 1;"), null),
                new Case(
                        "a file that is not UTF-8",
                        f -> write(
                                f.resolve("V3__latin.sql"),
                                "select '\u00e9';",
                                java.nio.charset.StandardCharsets.ISO_8859_1),
                        null));
        for (Case c : cases) {
            Path folder = folder();
            Sql db = Sql.on(TestDatabase.fresh(getClass()));
            assertThat(db.cli("migrate", "--locations", "filesystem:" + folder).exitCode())
                    .isZero();
            c.folderChange().accept(folder);
            if (c.historyChange() != null) {
                db.exec(c.historyChange().formatted(HISTORY));
            }

            assertThat(NothingPending.currentVersion(db.dataSource(), source(folder)))
                    .as(c.what())
                    .isNull();
            CliRun run = db.cli("migrate", "--locations", "filesystem:" + folder);
            assertThat(run.err()).as(c.what()).doesNotContain(NOT_STARTED);
        }
    }

    @Test
    void a_baseline_counts_as_applied_and_the_files_at_or_below_it_are_not_read_against_the_history()
            throws IOException, SQLException {
        Path folder = folder();
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        db.exec("create table legacy (id int)");
        assertThat(db.cli("migrate", "--locations", "filesystem:" + folder, "--baseline-version", "1.1")
                        .exitCode())
                .isZero();

        assertThat(NothingPending.currentVersion(db.dataSource(), source(folder)))
                .isEqualTo("2");
        assertThat(flyway(db, folder).info().pending()).isEmpty();
        write(folder.resolve("V1__a.sql"), "this file changed after the baseline;");
        assertThat(NothingPending.currentVersion(db.dataSource(), source(folder)))
                .as("below the baseline")
                .isEqualTo("2");
        assertThat(flyway(db, folder).validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void reads_the_history_in_installed_order_with_flyways_abbreviated_descriptions() {
        String longDescription = "x".repeat(250);
        List<LocalMigrations.Migration> local =
                List.of(migration("1", "first", 11), migration("2", longDescription, 22), migration("10", "tenth", 33));
        NothingPending.Applied marker =
                new NothingPending.Applied(null, "<< Flyway Schema Creation >>", "SCHEMA", null, true);
        NothingPending.Applied v1 = new NothingPending.Applied("1", "first", "SQL", 11, true);
        NothingPending.Applied v2 = new NothingPending.Applied("2", "x".repeat(197) + "...", "SQL", 22, true);
        NothingPending.Applied v10 = new NothingPending.Applied("10", "tenth", "SQL", 33, true);

        assertThat(NothingPending.currentVersion(local, List.of(marker, v1, v2, v10)))
                .isEqualTo("10");
        assertThat(NothingPending.currentVersion(local, List.of(v1, v10, v2)))
                .as("applied out of order earlier: Flyway validates it")
                .isEqualTo("10");
        assertThat(NothingPending.currentVersion(local, List.of(marker, v1, v2)))
                .as("10 pending")
                .isNull();
        assertThat(NothingPending.currentVersion(
                        local, List.of(v1, new NothingPending.Applied("2", longDescription, "SQL", 22, true), v10)))
                .as("a description Flyway would have abbreviated")
                .isNull();
        assertThat(NothingPending.currentVersion(
                        local, List.of(v1, v2, v10, new NothingPending.Applied("11", "gone", "DELETE", 1, true))))
                .as("a row of another type")
                .isNull();
        assertThat(NothingPending.currentVersion(
                        local, List.of(new NothingPending.Applied("10", "adopted", "BASELINE", null, true))))
                .as("all at or below a baseline")
                .isEqualTo("10");
        assertThat(NothingPending.currentVersion(
                        local, List.of(v1, v2, new NothingPending.Applied("10.0", "tenth", "SQL", 33, true))))
                .as("the version as the history spells it, which Flyway reports")
                .isEqualTo("10.0");
        assertThat(NothingPending.currentVersion(
                        local, List.of(v1, v2, new NothingPending.Applied("10", "tenth", "SQL", null, true))))
                .as("an applied row without a checksum")
                .isNull();
    }

    @Test
    void reads_the_output_and_the_audit_row_that_flyways_own_no_op_gives() throws IOException {
        Path folder = folder();
        Path throughFlyway = folder();
        // A file LocalMigrations does not know leaves the run to Flyway; Flyway ignores it.
        write(throughFlyway.resolve("notes.rst"), "the schema's history");
        Sql fast = Sql.on(TestDatabase.fresh(getClass()));
        Sql flyway = Sql.on(TestDatabase.fresh(getClass()));
        fast.cli("migrate", "--locations", "filesystem:" + folder);
        flyway.cli("migrate", "--locations", "filesystem:" + throughFlyway);

        CliRun fastAgain = fast.cli("--output", "json", "migrate", "--locations", "filesystem:" + folder);
        CliRun flywayAgain = flyway.cli("--output", "json", "migrate", "--locations", "filesystem:" + throughFlyway);

        assertThat(fastAgain.err()).contains(NOT_STARTED);
        assertThat(flywayAgain.err()).doesNotContain(NOT_STARTED).contains(FLYWAYS_NO_OP);
        assertThat(withoutTimes(fastAgain.out().replace(folder.toString(), "DIR")))
                .isEqualTo(withoutTimes(flywayAgain.out().replace(throughFlyway.toString(), "DIR")));
        String audit =
                "select status || ' ' || (counts - 'total_ms')::text from db_runner.audit order by id desc limit 1";
        assertThat(fast.one(audit)).isEqualTo(flyway.one(audit)).startsWith("nothing-to-do ");
    }

    @Test
    void a_folder_is_walked_as_flyway_walks_it_and_a_jar_read_as_the_same_files() throws IOException, SQLException {
        Path folder = folder();
        write(folder.resolve(".archive/V9__old.sql"), "Flyway does not look into hidden folders;");
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        db.cli("migrate", "--locations", "filesystem:" + folder);
        Path jar = work.resolve("migrations.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            // Its folders as entries too, as a jar that Maven builds has them.
            for (String name : List.of("db/", "db/migration/", "db/migration/sub/")) {
                out.putNextEntry(new java.util.jar.JarEntry(name));
                out.closeEntry();
            }
            for (String name : List.of("V1__a.sql", "sub/V1_1__b.sql", "V2__c_d.sql", "README.md")) {
                out.putNextEntry(new java.util.jar.JarEntry("db/migration/" + name));
                out.write(Files.readAllBytes(folder.resolve(name)));
                out.closeEntry();
            }
        }
        MigrationSource classpath = new MigrationSource(List.of("classpath:db/migration"));
        Path wildcard = Files.createDirectories(work.resolve("mig*"));
        write(wildcard.resolve("V1__a.sql"), "select 1;");

        assertThat(NothingPending.currentVersion(db.dataSource(), source(folder)))
                .isEqualTo("2");
        assertThat(flyway(db, folder).info().pending()).isEmpty();
        try (java.net.URLClassLoader jarOnly =
                new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            assertThat(LocalMigrations.of(classpath, jarOnly))
                    .as("the jar's copy of the folder")
                    .hasSize(3)
                    .containsExactlyInAnyOrderElementsOf(LocalMigrations.of(source(folder)));
        }
        ClassLoader nested = new ClassLoader(null) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws IOException {
                return java.util.Collections.enumeration(
                        List.of(new java.net.URL("jar:" + jar.toUri() + "!/BOOT-INF/classes!/" + name)));
            }
        };
        assertThat(LocalMigrations.of(classpath, nested))
                .as("a jar inside a jar")
                .isNull();
        assertThat(LocalMigrations.of(new MigrationSource(List.of("filesystem:" + wildcard))))
                .as("a location Flyway reads as a wildcard")
                .isNull();
    }

    private static String withoutTimes(String output) {
        return output.replaceAll("\\d+ ms", "N ms").replaceAll("\"(total_ms|duration_ms)\" *: *\\d+", "$1");
    }

    private static LocalMigrations.Migration migration(String version, String description, int checksum) {
        return new LocalMigrations.Migration(MigrationVersion.fromVersion(version), description, checksum);
    }

    /** V1__a.sql, sub/V1_1__b.sql, V2__c_d.sql and a README: version 2 once applied. */
    private Path folder() throws IOException {
        Path folder = Files.createTempDirectory(work, "migrations");
        write(folder.resolve("V1__a.sql"), "create table a (id int);");
        write(folder.resolve("sub/V1_1__b.sql"), "\uFEFFcreate table b (id int);\r\n");
        write(folder.resolve("V2__c_d.sql"), "create table c_d (id int);");
        write(folder.resolve("README.md"), "# the schema's history");
        return folder;
    }

    private static MigrationSource source(Path folder) {
        return new MigrationSource(List.of("filesystem:" + folder));
    }

    private static Flyway flyway(Sql db, Path folder) {
        return Flyway.configure()
                .dataSource(db.dataSource())
                .locations("filesystem:" + folder)
                .validateMigrationNaming(true)
                .load();
    }

    private static void write(Path file, String text) {
        write(file, text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(Path file, String text, java.nio.charset.Charset charset) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, charset);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
