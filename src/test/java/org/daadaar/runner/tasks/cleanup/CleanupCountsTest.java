package org.daadaar.runner.tasks.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report's counts against the state the database is left in, with rows that two batches reach:
 * test user A uploaded media to and voted on test user B's report, B did the same on A's, and
 * --batch-size 1 puts A and B in different batches. Counting each batch's changes (a row set NULL
 * by A's batch, then deleted with B's report by B's) would count such a row twice.
 */
class CleanupCountsTest {
    private static final Sql db = Sql.freshWithSchema(CleanupCountsTest.class);
    private static final String TEST_USERS = "select id from users where email like '%@example.com'";

    @BeforeEach
    void fixture() {
        db.exec(
                "truncate users, sessions, organizations, roles, individuals, role_occupancy, reports, votes, media,"
                        + " db_runner.audit restart identity cascade",
                """
                insert into users (email) values ('a@example.com'), ('b@example.com'), ('r@gmail.com');
                insert into sessions (user_id) select id from users;
                insert into reports (submitted_by_user_id, title) select id, 'by ' || email from users;
                insert into votes (report_id, user_id)
                    select r.id, u.id from reports r join users ru on ru.id = r.submitted_by_user_id, users u
                    where (u.email, ru.email) in (('a@example.com', 'b@example.com'), ('b@example.com', 'a@example.com'),
                        ('r@gmail.com', 'a@example.com'), ('a@example.com', 'r@gmail.com'),
                        ('r@gmail.com', 'r@gmail.com'), ('b@example.com', 'b@example.com'));
                insert into media (report_id, uploaded_by_user_id, storage_key)
                    select r.id, u.id, u.email || ' on ' || ru.email
                    from reports r join users ru on ru.id = r.submitted_by_user_id, users u
                    where (u.email, ru.email) in (('a@example.com', 'b@example.com'), ('b@example.com', 'a@example.com'),
                        ('r@gmail.com', 'a@example.com'), ('a@example.com', 'r@gmail.com'),
                        ('r@gmail.com', 'r@gmail.com'), ('b@example.com', 'b@example.com'));
                insert into organizations (name, created_by_user_id) select 'org by ' || email, id from users;
                insert into roles (organization_id, title, created_by_user_id)
                    select o.id, 'role', (select id from users where email = 'b@example.com') from organizations o
                    where o.name in ('org by a@example.com', 'org by r@gmail.com');
                insert into individuals (full_name, created_by_user_id)
                    select 'person by ' || email, id from users where email in ('a@example.com', 'r@gmail.com');
                insert into role_occupancy (individual_id, role_id, created_by_user_id)
                    select i.id, r.id, (select id from users where email = 'b@example.com')
                    from individuals i, roles r where i.full_name = 'person by r@gmail.com';
                """);
    }

    @Test
    void every_count_in_the_report_and_the_audit_row_is_the_rows_left_in_that_state() {
        Map<String, Set<String>> before = ids(CleanupCounts.DELETED_FROM, "true");
        Map<String, Set<String>> createdByTestUsers =
                ids(CleanupCounts.SET_NULL_IN, "created_by_user_id in (" + TEST_USERS + ")");

        CliRun run = db.cli("--output", "json", "cleanup-test-users", "--batch-size", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, Long> deleted = new LinkedHashMap<>();
        Map<String, Set<String>> after = ids(CleanupCounts.DELETED_FROM, "true");
        before.forEach((table, ids) -> deleted.put(
                table, ids.stream().filter(id -> !after.get(table).contains(id)).count()));
        Map<String, Long> kept = new LinkedHashMap<>();
        Map<String, Set<String>> nullNow = ids(CleanupCounts.SET_NULL_IN, "created_by_user_id is null");
        createdByTestUsers.forEach((table, ids) -> kept.put(
                table, ids.stream().filter(nullNow.get(table)::contains).count()));

        assertThat(deleted)
                .as("the rows the run left deleted: both test users and all that went with them")
                .isEqualTo(Map.of("users", 2L, "sessions", 2L, "reports", 2L, "votes", 5L, "media", 5L));
        assertThat(kept)
                .as("the rows the run left with the creator NULL")
                .isEqualTo(Map.of("organizations", 2L, "roles", 2L, "individuals", 1L, "role_occupancy", 2L));
        assertThat(db.column("select storage_key from media")).containsExactly("r@gmail.com on r@gmail.com");
        assertThat(run.out())
                .contains(
                        "\"deleted\":" + json(deleted, CleanupCounts.DELETED_FROM),
                        "\"creator_set_null\":" + json(kept, CleanupCounts.SET_NULL_IN));
        for (String table : CleanupCounts.DELETED_FROM) {
            assertThat(db.count("select counts->'deleted'->>'" + table + "' from db_runner.audit"))
                    .as("audit row, deleted " + table)
                    .isEqualTo(deleted.get(table));
        }
        for (String table : CleanupCounts.SET_NULL_IN) {
            assertThat(db.count("select counts->'creator_set_null'->>'" + table + "' from db_runner.audit"))
                    .as("audit row, kept " + table)
                    .isEqualTo(kept.get(table));
        }
        assertThat(db.one("select counts->>'batches' from db_runner.audit")).isEqualTo("2");
    }

    @Test
    void a_dry_run_predicts_the_same_counts_as_the_batched_run() {
        CliRun dry = db.cli("--dry-run", "--output", "json", "cleanup-test-users");
        CliRun real = db.cli("--output", "json", "cleanup-test-users", "--batch-size", "1");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(real.exitCode()).as(real.toString()).isZero();
        assertThat(db.column("select counts->'deleted' || counts->'creator_set_null' from db_runner.audit order by id"))
                .as("dry run, then real run")
                .hasSize(2)
                .satisfies(rows -> assertThat(rows.get(1)).isEqualTo(rows.get(0)));
    }

    private static Map<String, Set<String>> ids(List<String> tables, String condition) {
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        for (String table : tables) {
            ids.put(table, new HashSet<>(db.column("select id from " + table + " where " + condition)));
        }
        return ids;
    }

    private static String json(Map<String, Long> counts, List<String> order) {
        return order.stream().map(t -> "\"" + t + "\":" + counts.get(t)).collect(Collectors.joining(",", "{", "}"));
    }
}
