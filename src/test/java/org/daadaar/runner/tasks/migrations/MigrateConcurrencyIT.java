package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.RunnerJar;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several build containers starting migrate at once: real JVMs running the packaged jar, as
 * CodeBuild would (support/RunnerJar).
 */
class MigrateConcurrencyIT {
    private static final int RUNS = 4;

    @TempDir
    Path dir;

    @Test
    void four_concurrent_migrate_processes_all_succeed_and_apply_each_migration_once() throws Exception {
        DatabaseUrl db = TestDatabase.fresh(getClass());
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        // A non-transactional CREATE INDEX CONCURRENTLY after the packaged schema (V1 to V3): with Flyway's
        // default transactional lock this run would wait for its own lock transaction forever.
        Files.writeString(
                migrations.resolve("V4__index_users_display_name.sql"),
                "create index concurrently users_display_name_idx on users (display_name);\n");
        Files.writeString(migrations.resolve("V4__index_users_display_name.sql.conf"), "executeInTransaction=false\n");
        Files.writeString(migrations.resolve("V5__seed_marker.sql"), "create table marker (id int);\n");

        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            processes.add(RunnerJar.process(
                            "--database-url",
                            TestDatabase.cliUrl(db),
                            "--lock-wait",
                            "60s",
                            "migrate",
                            "--locations",
                            "classpath:db/migration,filesystem:" + migrations)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("run-" + i + ".log").toFile())
                    .start());
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Process p = processes.get(i);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("run-" + i + ".log"));
            outputs.add(log);
            assertThat(done)
                    .as("run %d finished (a CREATE INDEX CONCURRENTLY deadlock would hang it):%n%s", i, log)
                    .isTrue();
            assertThat(p.exitValue()).as("run %d:%n%s", i, log).isZero();
        }

        assertThat(String.join("\n", outputs))
                .as("exactly one run applied, the others found it done")
                .containsOnlyOnce("none -> 5, applied 5 migrations in");
        assertThat(outputs)
                .filteredOn(o -> o.contains("up to date at schema version 5"))
                .hasSize(RUNS - 1);
        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("select string_agg(version || ':' || success, ',' order by installed_rank),"
                                + " (select bool_and(indisvalid) from pg_index where indexrelid = 'users_display_name_idx'::regclass)"
                                + " from flyway_schema_history")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1:true,2:true,3:true,4:true,5:true");
            assertThat(rs.getBoolean(2)).as("the concurrent index is valid").isTrue();
        }
    }
}
