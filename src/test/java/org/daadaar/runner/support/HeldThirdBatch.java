package org.daadaar.runner.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A cleanup stopped at a known point: 10 real users and 40 test users, each with a report and its
 * media, and a row lock held on the media of the 25th test user, so that a cleanup with
 * {@code --batch-size 10} commits two batches and then waits in the third. Tests stop or stall the
 * run there and check that the two batches stay done and the third is rolled back.
 */
public final class HeldThirdBatch implements AutoCloseable {
    public static final String BATCH_SIZE = "10";

    private final Sql db;
    private final Connection holder;

    private HeldThirdBatch(Sql db, Connection holder) {
        this.db = db;
        this.holder = holder;
    }

    /** Writes the rows and takes the lock, on a connection of its own. */
    public static HeldThirdBatch hold(Sql db) throws SQLException {
        db.exec(
                """
                insert into users (email) select 'real' || i || '@gmail.com' from generate_series(1, 10) i;
                insert into users (email) select 'test' || i || '@example.com' from generate_series(1, 40) i;
                insert into reports (submitted_by_user_id, title) select id, 'r' from users;
                insert into media (report_id, uploaded_by_user_id) select id, submitted_by_user_id from reports;
                """);
        String victim = db.one("select id from users where email like 'test%' order by id offset 24 limit 1");
        Connection holder = TestDatabase.connect(db.url());
        try (Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("select * from media where report_id in (select id from reports where"
                    + " submitted_by_user_id = " + victim + ") for update");
        } catch (SQLException | RuntimeException e) {
            holder.close();
            throw e;
        }
        return new HeldThirdBatch(db, holder);
    }

    /** Returns once the cleanup waits on the held row; fails when it never does or the run ends first. */
    public void awaitCleanupWaiting(BooleanSupplier running, Supplier<String> whatTheRunSaid) throws Exception {
        await(
                db,
                "the cleanup waits on the held row",
                """
                select count(*) from pg_stat_activity
                where application_name = 'db-runner/cleanup-test-users' and wait_event_type = 'Lock'
                """,
                Duration.ofSeconds(60),
                running,
                whatTheRunSaid);
    }

    /** Lets the third batch go on. */
    public void release() throws SQLException {
        holder.rollback();
    }

    /** Two whole batches deleted, the third rolled back. */
    public static void assertTwoBatchesDone(Sql db) {
        assertThat(db.count("select count(*) from users where email like 'test%'"))
                .as("two whole batches deleted, the third rolled back")
                .isEqualTo(20);
    }

    /** A rerun deletes the 20 test users left and keeps the real ones. */
    public static void assertRerunFinishes(Sql db) {
        CliRun rerun = db.cli("cleanup-test-users", "--batch-size", BATCH_SIZE);

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("deleted 20 users");
        assertThat(db.count("select count(*) from users")).isEqualTo(10);
    }

    /** {@link #await(Sql, String, String, Duration, BooleanSupplier, Supplier)} for 30 s, with no run to watch. */
    public static void await(Sql db, String what, String query) throws Exception {
        await(db, what, query, Duration.ofSeconds(30), () -> true, () -> "");
    }

    /**
     * Polls a query that answers true or a count above 0, from a connection of its own in
     * autocommit: pg_stat_activity is a snapshot per transaction.
     */
    public static void await(
            Sql db, String what, String query, Duration limit, BooleanSupplier running, Supplier<String> whatTheRunSaid)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection watcher = TestDatabase.connect(db.url());
                Statement st = watcher.createStatement()) {
            while (System.nanoTime() < deadline && running.getAsBoolean()) {
                try (ResultSet rs = st.executeQuery(query)) {
                    rs.next();
                    String answer = rs.getString(1);
                    if (answer.equals("t") || !answer.equals("f") && Long.parseLong(answer) > 0) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        throw new AssertionError("never happened: " + what + "\n" + whatTheRunSaid.get());
    }

    @Override
    public void close() throws SQLException {
        holder.close();
    }
}
