package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.DirectTask;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.daadaar.runner.tasks.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repair through the real command line on a real PostgreSQL: failed rows, drifted checksums, dry runs, audit. */
class RepairTest {
    private static final String HISTORY = "select installed_rank || ' ' || coalesce(version, 'R') || ' ' || description"
            + " || ' ' || type || ' ' || coalesce(checksum::text, '-') || ' ' || success from flyway_schema_history"
            + " order by installed_rank";

    @TempDir
    Path migrations;

    @Test
    void a_failed_non_transactional_migration_is_removed_by_repair_and_migrate_then_applies_the_fixed_file()
            throws IOException {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write(
                "V1__big.sql",
                "create table big (id int, name text, code int);\n"
                        + "insert into big select g, 'n' || g, g % 10 from generate_series(1, 100) g;");
        // The first index is built; the second fails on duplicates and leaves an INVALID index behind.
        write(
                "V2__index_big.sql",
                "create index concurrently big_name_idx on big (name);\n"
                        + "create unique index concurrently big_code_idx on big (code);");
        write("V2__index_big.sql.conf", "executeInTransaction=false\n");

        CliRun failed = migrate(db);
        CliRun refused = migrate(db);

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(failed.err()).contains("V2__index_big.sql", "run repair to remove its failed row");
        assertThat(db.column("select version || ' ' || success from flyway_schema_history order by installed_rank"))
                .containsExactly("1 true", "2 false");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(refused.err()).contains("failed migration to version 2", "run repair");

        List<String> before = db.column(HISTORY);
        CliRun dryRun = db.cli("--dry-run", "repair", "--locations", location());
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out())
                .contains(
                        "repair (dry run): would remove 1 failed row in flyway_schema_history:",
                        "V2 index big (V2__index_big.sql): would remove its failed row",
                        "INVALID index left by a failed concurrent build: big_code_idx");
        assertThat(db.column(HISTORY)).as("a dry run changes nothing").isEqualTo(before);

        write(
                "V2__index_big.sql",
                "create index concurrently if not exists big_name_idx on big (name);\n"
                        + "drop index concurrently if exists big_code_idx;\n"
                        + "create index concurrently big_code_idx on big (code);");
        CliRun repaired = db.cli("repair", "--locations", location());
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out())
                .contains("repair: removed 1 failed row in flyway_schema_history:", "V2 index big (V2__index_big.sql)");
        assertThat(db.column("select version from flyway_schema_history order by installed_rank"))
                .containsExactly("1");

        CliRun rerun = migrate(db);
        CliRun validate = db.cli("validate", "--locations", location());
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("schema version 1 -> 2");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(db.column("select indisvalid from pg_index where indexrelid = 'big_code_idx'::regclass"))
                .containsExactly("t");
        assertThat(db.column("select task || ' ' || dry_run || ' ' || status || ' ' || (counts->>'removed_failed')"
                        + " from db_runner.audit where task = 'repair' order by id"))
                .as("both repairs are recorded, the dry run as one")
                .containsExactly("repair true dry-run 1", "repair false succeeded 1");
    }

    @Test
    void a_changed_checksum_is_refused_until_accepted_by_version_and_validate_then_passes() throws IOException {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write("V1__first.sql", "create table first (id int);");
        write("V1_1__second.sql", "create table second (id int);");
        write("V2__third.sql", "create table third (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        // A comment added to an applied file (checksum drift), and another file renamed (description drift).
        write("V1_1__second.sql", "-- the table the reports read\ncreate table second (id int);");
        Files.move(migrations.resolve("V2__third.sql"), migrations.resolve("V2__third_table.sql"));
        List<String> before = db.column(HISTORY);

        CliRun refused = db.cli("repair", "--locations", location());
        CliRun stray =
                db.cli("repair", "--locations", location(), "--accept-checksum", "1.1", "--accept-checksum", "2");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(refused.err())
                .contains(
                        "repair refused, nothing changed: V1.1 second (V1_1__second.sql): checksum",
                        "which changed after it was applied",
                        "accept it as it is now with --accept-checksum 1.1");
        assertThat(stray.exitCode()).as(stray.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(stray.err()).contains("--accept-checksum 2: no applied migration of that version has a checksum");
        assertThat(db.column(HISTORY)).as("neither changed anything").isEqualTo(before);

        CliRun dryRun = db.cli("--dry-run", "repair", "--locations", location(), "--accept-checksum", "1_1");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out())
                .contains(
                        "repair (dry run): would realign 2 rows in flyway_schema_history:",
                        "V1.1 second (V1_1__second.sql): would realign checksum ",
                        "V2 third (V2__third.sql): would realign description 'third' -> 'third table' (V2__third_table.sql)");
        assertThat(db.column(HISTORY)).as("a dry run changes nothing").isEqualTo(before);

        CliRun accepted = db.cli("repair", "--locations", location(), "--accept-checksum", "1.1");
        CliRun validate = db.cli("validate", "--locations", location());

        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("repair: realigned 2 rows in flyway_schema_history:");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(db.column("select description from flyway_schema_history where version = '2'"))
                .containsExactly("third table");
        assertThat(db.column("select status || ' ' || coalesce(parameters->>'accept_checksum', '-') || ' '"
                        + " || coalesce(counts->>'realigned', '-') from db_runner.audit where task = 'repair'"
                        + " order by id"))
                .containsExactly(
                        "refused - -", "refused [\"1.1\", \"2\"] -", "dry-run [\"1_1\"] 2", "succeeded [\"1.1\"] 2");
    }

    @Test
    void a_row_that_changed_after_the_plan_was_made_stops_the_repair_before_anything_is_written() throws Exception {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        write("V1__first.sql", "create table first (id int);");
        write("V2__second.sql", "create table second (id int);");
        assertThat(migrate(db).exitCode()).isZero();
        Files.move(migrations.resolve("V1__first.sql"), migrations.resolve("V1__first_table.sql"));
        Files.move(migrations.resolve("V2__second.sql"), migrations.resolve("V2__second_table.sql"));
        TaskContext context = DirectTask.context(db.url(), false);
        RepairPlan plan = RepairPlan.of(
                FlywaySetup.load(FlywaySetup.configure(context, new MigrationSource(List.of(location()))))
                        .info(),
                Set.of());
        assertThat(plan.changes()).hasSize(2);
        // What a concurrent run might do between the plan and the write: V2's row is not as planned.
        db.exec("update flyway_schema_history set description = 'someone else' where version = '2'");
        List<String> before = db.column(HISTORY);

        assertThatThrownBy(() -> RepairWriter.apply(context.dataSource(), plan.changes()))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.GUARD_REFUSED))
                .hasMessageContaining(
                        "the history row of V2 second (V2__second.sql) changed while repair was" + " planning");
        assertThat(db.column(HISTORY))
                .as("V1's planned change was not written either")
                .isEqualTo(before);
    }

    @Test
    void a_history_that_matches_its_files_has_nothing_to_repair() throws IOException {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        CliRun empty = db.cli("repair", "--locations", location());
        write("V1__first.sql", "create table first (id int);");
        assertThat(migrate(db).exitCode()).isZero();

        CliRun matching = db.cli("repair", "--locations", location());

        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(empty.out()).contains("repair: no flyway_schema_history table, so nothing to repair");
        assertThat(matching.exitCode()).as(matching.toString()).isZero();
        assertThat(matching.out()).contains("repair: the history matches the files; nothing to repair");
    }

    @Test
    void a_version_that_is_not_one_is_refused_before_connecting() {
        CliRun run =
                CliRun.run("--database-url", "postgresql://app@db.invalid/app", "repair", "--accept-checksum", "V2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--accept-checksum must be a version as info prints it", "(was 'V2')");
    }

    private CliRun migrate(Sql db) {
        return db.cli("migrate", "--locations", location());
    }

    private String location() {
        return "filesystem:" + migrations;
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }
}
