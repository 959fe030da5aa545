package org.daadaar.runner.tasks.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.DirectTask;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Eight backfills of one individual at once, into an organization that has no Member role yet. */
class BackfillConcurrencyTest {
    private static final int RUNS = 8;
    private static final Sql db = Sql.freshWithSchema(BackfillConcurrencyTest.class);

    @BeforeEach
    void fixture() {
        db.exec(
                "truncate organizations, roles, individuals, role_occupancy, db_runner.audit restart identity cascade",
                "insert into organizations (name) values ('سازمان')",
                "insert into individuals (full_name) values ('فرد')");
    }

    @Test
    void eight_command_lines_at_once_give_the_role_once_and_create_one_member_role() throws Exception {
        List<CliRun> runs =
                together(() -> db.cli("backfill-member-role", "--organization-id", "1", "--individual-id", "1"));

        assertThat(runs)
                .allSatisfy(run -> assertThat(run.exitCode()).as(run.toString()).isZero());
        assertThat(runs)
                .filteredOn(run -> run.out().contains("gave individual 1"))
                .hasSize(1);
        assertThat(runs).filteredOn(run -> run.out().contains("already holds")).hasSize(RUNS - 1);
        assertOneRoleOneOccupancy();
        assertThat(db.column("select status from db_runner.audit order by id"))
                .containsExactlyInAnyOrder(
                        "succeeded",
                        "nothing-to-do",
                        "nothing-to-do",
                        "nothing-to-do",
                        "nothing-to-do",
                        "nothing-to-do",
                        "nothing-to-do",
                        "nothing-to-do");
    }

    @Test
    void eight_tasks_at_once_without_the_advisory_lock_still_give_the_role_once() throws Exception {
        List<TaskResult> results =
                together(() -> BackfillMemberRoleTask.of(1L, null, 1L).run(DirectTask.context(db.url(), false)));

        assertThat(results).filteredOn(r -> r.status() == TaskStatus.SUCCEEDED).hasSize(1);
        assertThat(results)
                .filteredOn(r -> r.details().get("role_created").equals(true))
                .hasSize(1);
        assertOneRoleOneOccupancy();
    }

    private void assertOneRoleOneOccupancy() {
        assertThat(db.count("select count(*) from roles where lower(title_en) = 'member'"))
                .isOne();
        assertThat(db.count("select count(*) from role_occupancy where individual_id = 1"))
                .isOne();
    }

    /** Starts all runs at one instant (as near as threads allow) and waits for every one. */
    private static <T> List<T> together(Callable<T> run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return run.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
