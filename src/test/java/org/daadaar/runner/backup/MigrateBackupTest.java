package org.daadaar.runner.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.RdsStubs.action;
import static org.daadaar.runner.support.RdsStubs.instance;
import static org.daadaar.runner.support.RdsStubs.instances;
import static org.daadaar.runner.support.RdsStubs.result;
import static org.daadaar.runner.support.RdsStubs.snapshot;
import static org.daadaar.runner.support.RdsStubs.snapshots;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.RdsStubs;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate's backup guard through the real command line: the real SDK's RdsClient against RDS's
 * Query protocol on WireMock, and migrate on a real PostgreSQL, so that "nothing applied" is
 * read from the database's own history.
 */
class MigrateBackupTest {
    private static final String INSTANCE = "orders-prod";
    private static final String BUILD_ID = "db-runner:7e2c1f0a-1b2c-4d5e-8f90-0123456789ab";
    private static final String SNAPSHOT = "db-runner-db-runner-7e2c1f0a-1b2c-4d5e-8f90-0123456789ab";

    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    private final Sql db = Sql.on(TestDatabase.fresh(getClass()));

    @Test
    void a_recent_backup_lets_migrate_apply_and_the_report_and_audit_row_say_how_old_it_was() {
        Instant restorable = Instant.now().minus(Duration.ofMinutes(5));
        stubInstance(7, restorable);
        stubSnapshots(
                snapshot("rds:orders-prod-2026-11-29-03-10", INSTANCE, "available", ago(Duration.ofDays(2)), 100));

        CliRun run = migrate("--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("migrate: db instance orders-prod: newest backup 5m ")
                .contains("within --require-backup-within 1h")
                .contains("migrate: schema version none -> 3, applied 3 migrations");
        assertThat(applied()).isEqualTo(3);
        assertThat(db.one("select counts->'backup'->>'db_instance_id' || ' ' || (counts->'backup'->>'backup_age_s')"
                        + " || ' ' || (parameters->>'require_backup_within') from db_runner.audit"))
                .matches("orders-prod (2[89]\\d|30\\d) PT1H");
        assertThat(RdsStubs.parameter(
                        RdsStubs.requests(aws, "DescribeDBSnapshots").get(0), "DBInstanceIdentifier"))
                .isEqualTo(INSTANCE);
    }

    @Test
    void a_manual_snapshot_newer_than_the_latest_restorable_time_counts() {
        stubInstance(7, ago(Duration.ofHours(6)));
        stubSnapshots(
                snapshot("rds:orders-prod-2026-11-29-03-10", INSTANCE, "available", ago(Duration.ofHours(30)), 100),
                snapshot("before-upgrade", INSTANCE, "available", ago(Duration.ofMinutes(20)), 100),
                snapshot("in-progress", INSTANCE, "creating", ago(Duration.ofMinutes(1)), 10));

        CliRun run = migrate("--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .as("the available manual snapshot, not the one still being made")
                .contains("newest backup 20m ");
    }

    @Test
    void an_old_backup_refuses_with_exit_4_naming_the_instance_and_the_age_and_applies_nothing() {
        stubInstance(7, ago(Duration.ofHours(3).plusMinutes(12)));
        stubSnapshots(
                snapshot("rds:orders-prod-2026-11-29-03-10", INSTANCE, "available", ago(Duration.ofDays(1)), 100));

        CliRun run = migrate("--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(errorLines(run))
                .singleElement()
                .asString()
                .contains("db instance orders-prod's newest backup is 3h 12m old")
                .contains("older than --require-backup-within 1h; nothing was applied");
        assertThat(historyExists())
                .as("no migration applied, not even the history table")
                .isFalse();
        assertThat(db.one("select status from db_runner.audit")).isEqualTo("refused");
    }

    @Test
    void backups_off_refuse_with_exit_4_even_without_an_age_to_compare() {
        stubInstance(0, null);
        stubSnapshots();

        CliRun run = migrate("--require-backup-within", "7d", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err())
                .contains("db instance orders-prod has automated backups off (BackupRetentionPeriod 0)")
                .contains("nothing was applied");
        assertThat(historyExists()).isFalse();
        assertThat(RdsStubs.requests(aws, "DescribeDBSnapshots"))
                .as("backups off decide it alone")
                .isEmpty();
    }

    @Test
    void an_instance_with_no_backup_at_all_is_refused() {
        stubInstance(7, null);
        stubSnapshots();

        CliRun run = migrate("--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err()).contains("db instance orders-prod has no backup yet");
        assertThat(historyExists()).isFalse();
    }

    @Test
    void the_instance_is_found_by_matching_the_database_host_to_its_endpoint_address() {
        String host = db.url().host();
        aws.server()
                .stubFor(action("DescribeDBInstances")
                        .willReturn(result(
                                "DescribeDBInstances",
                                instances(
                                        instance(
                                                "other-db",
                                                "other-db.abc.eu-central-1.rds.amazonaws.com",
                                                7,
                                                ago(Duration.ofDays(3)),
                                                null),
                                        instance(INSTANCE, host, 7, ago(Duration.ofMinutes(2)), null)))));
        stubSnapshots();

        CliRun run = migrate("--require-backup-within", "1h");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("db instance orders-prod: newest backup 2m ");
        assertThat(RdsStubs.parameter(
                        RdsStubs.requests(aws, "DescribeDBInstances").get(0), "DBInstanceIdentifier"))
                .as("a host that is not an RDS endpoint name: every instance listed and matched")
                .isNull();
    }

    @Test
    void nothing_pending_means_no_rds_request_at_all() {
        assertThat(migrate().exitCode()).isZero();

        CliRun run = migrate("--require-backup-within", "1h", "--snapshot-first", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("up to date at schema version 3");
        aws.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_snapshot_that_goes_from_creating_to_available_comes_first_and_is_named_in_the_report_and_audit_row() {
        stubInstance(7, ago(Duration.ofHours(2)));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(result(
                                "CreateDBSnapshot", snapshot(SNAPSHOT, INSTANCE, "creating", Instant.now(), 0))));
        String scenario = "snapshot";
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", SNAPSHOT)
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("half")
                        .willReturn(describedSnapshot("creating", 40)));
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", SNAPSHOT)
                        .inScenario(scenario)
                        .whenScenarioStateIs("half")
                        .willSetStateTo("done")
                        .willReturn(describedSnapshot("creating", 80)));
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", SNAPSHOT)
                        .inScenario(scenario)
                        .whenScenarioStateIs("done")
                        .willReturn(describedSnapshot("available", 100)));

        CliRun run = migrate(
                withBuild(),
                "--output",
                "json",
                "migrate",
                "--snapshot-first",
                "--snapshot-poll",
                "10ms",
                "--db-instance-id",
                INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"snapshot_id\":\"" + SNAPSHOT + "\"").contains("\"migrations_applied\":3");
        assertThat(run.err())
                .contains("creating snapshot " + SNAPSHOT)
                .contains("snapshot " + SNAPSHOT + " of db instance orders-prod: creating 40%")
                .contains("snapshot " + SNAPSHOT + " of db instance orders-prod: creating 80%")
                .contains("snapshot " + SNAPSHOT + " of db instance orders-prod is available");
        assertThat(applied()).isEqualTo(3);
        var create = RdsStubs.requests(aws, "CreateDBSnapshot");
        assertThat(create).hasSize(1);
        assertThat(RdsStubs.parameter(create.get(0), "DBInstanceIdentifier")).isEqualTo(INSTANCE);
        assertThat(RdsStubs.parameter(create.get(0), "DBSnapshotIdentifier")).isEqualTo(SNAPSHOT);
        assertThat(create.get(0).getBodyAsString()).as("tagged with the build").contains("Tags.Tag.1.Key=created-by");
        assertThat(RdsStubs.parameter(create.get(0), "Tags.Tag.3.Value")).isEqualTo(BUILD_ID);
        assertThat(db.one("select (counts->'backup'->>'snapshot_id') || ' ' || build_id from db_runner.audit"))
                .isEqualTo(SNAPSHOT + " " + BUILD_ID);
    }

    @Test
    void a_snapshot_that_never_becomes_available_exits_3_when_the_timeout_runs_out_and_applies_nothing() {
        stubInstance(7, ago(Duration.ofHours(2)));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(result(
                                "CreateDBSnapshot", snapshot(SNAPSHOT, INSTANCE, "creating", Instant.now(), 0))));
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", SNAPSHOT)
                        .willReturn(describedSnapshot("creating", 5)));
        long started = System.nanoTime();

        CliRun run = migrate(
                withBuild(),
                "migrate",
                "--snapshot-first",
                "--snapshot-timeout",
                "300ms",
                "--snapshot-poll",
                "20ms",
                "--db-instance-id",
                INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(errorLines(run))
                .singleElement()
                .asString()
                .contains("snapshot " + SNAPSHOT + " of db instance orders-prod is still creating")
                .contains("(--snapshot-timeout 300ms)")
                .contains("nothing was applied; the snapshot is left as it is");
        assertThat(RdsStubs.requests(aws, "DescribeDBSnapshots").size())
                .as("polled until the timeout")
                .isGreaterThan(2);
        assertThat(historyExists()).isFalse();
        assertThat(db.one("select status || ' ' || (counts->>'snapshot_id') from db_runner.audit"))
                .as("the failed run's audit row names the snapshot it left")
                .isEqualTo("failed " + SNAPSHOT);
    }

    @Test
    void a_snapshot_that_fails_is_exit_3_naming_it_and_nothing_applied() {
        stubInstance(7, ago(Duration.ofHours(2)));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(result(
                                "CreateDBSnapshot", snapshot(SNAPSHOT, INSTANCE, "creating", Instant.now(), 0))));
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", SNAPSHOT)
                        .willReturn(describedSnapshot("failed", 30)));

        CliRun run = migrate(
                withBuild(), "migrate", "--snapshot-first", "--snapshot-poll", "10ms", "--db-instance-id", INSTANCE);

        assertOneErrorAndNothingApplied(
                run,
                ExitCode.ENVIRONMENT,
                "snapshot " + SNAPSHOT + " of db instance orders-prod is failed",
                "nothing was applied");
    }

    @Test
    void a_snapshot_name_taken_already_is_exit_4_and_nothing_applied() {
        stubInstance(7, ago(Duration.ofHours(2)));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(RdsStubs.error(
                                400, "DBSnapshotAlreadyExists", "Cannot create the snapshot because one exists")));

        CliRun run = migrate(withBuild(), "migrate", "--snapshot-first", "--db-instance-id", INSTANCE);

        assertOneErrorAndNothingApplied(
                run, ExitCode.GUARD_REFUSED, "a snapshot named " + SNAPSHOT + " exists already", "nothing was applied");
    }

    @Test
    void access_denied_is_exit_3_with_one_line_naming_the_action_and_nothing_applied() {
        aws.server()
                .stubFor(action("DescribeDBInstances")
                        .willReturn(RdsStubs.error(
                                403,
                                "AccessDenied",
                                "User: arn:aws:sts::123456789012:assumed-role/db-runner-codebuild/build is not"
                                        + " authorized to perform: rds:DescribeDBInstances")));

        CliRun run = migrate("--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertOneErrorAndNothingApplied(
                run,
                ExitCode.ENVIRONMENT,
                "not allowed to call rds:DescribeDBInstances on db instance orders-prod (AccessDenied)");
    }

    @Test
    void an_unreachable_rds_api_is_exit_3_with_one_line() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(aws.env());
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closed);

        CliRun run = db.cli(env, "migrate", "--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertOneErrorAndNothingApplied(
                run,
                ExitCode.ENVIRONMENT,
                "cannot connect to http://127.0.0.1:" + closed + " for rds:DescribeDBInstances");
    }

    @Test
    void a_dry_run_describes_but_creates_no_snapshot() {
        stubInstance(7, ago(Duration.ofHours(2)));

        CliRun run = migrate(withBuild(), "--dry-run", "migrate", "--snapshot-first", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("migrate (dry run): would create snapshot " + SNAPSHOT + " of db instance orders-prod")
                .contains("would apply 3 migrations");
        assertThat(RdsStubs.requests(aws, "DescribeDBInstances")).hasSize(1);
        assertThat(aws.all()).as("only the describe call").hasSize(1);
        assertThat(historyExists()).isFalse();
    }

    @Test
    void a_dry_run_refuses_as_the_real_run_would() {
        stubInstance(7, ago(Duration.ofHours(5)));
        stubSnapshots();

        CliRun run = migrate(
                aws.env(), "--dry-run", "migrate", "--require-backup-within", "1h", "--db-instance-id", INSTANCE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.err()).contains("newest backup is 5h 00m old");
    }

    @Test
    void a_migration_that_fails_after_the_snapshot_names_the_snapshot_in_its_error_line(@TempDir Path dir)
            throws IOException {
        stubInstance(7, ago(Duration.ofHours(2)));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(result(
                                "CreateDBSnapshot", snapshot(SNAPSHOT, INSTANCE, "creating", Instant.now(), 0))));
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", SNAPSHOT)
                        .willReturn(describedSnapshot("available", 100)));
        Files.writeString(dir.resolve("V1__broken.sql"), "create table t (id no_such_type);\n");

        CliRun run = snapshotFirstFrom(dir);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(errorLines(run))
                .singleElement()
                .asString()
                .contains("no_such_type")
                .endsWith("; snapshot " + SNAPSHOT + " was made before it and is kept");
    }

    @Test
    void a_history_that_migrate_would_refuse_costs_no_snapshot(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V1__t.sql"), "create table t (id int);\n");
        CliRun first = migrate(withBuild(), "migrate", "--locations", "filesystem:" + dir);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.writeString(dir.resolve("V1__t.sql"), "create table t (id bigint);\n");
        Files.writeString(dir.resolve("V2__u.sql"), "create table u (id int);\n");

        CliRun run = snapshotFirstFrom(dir);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(run.err()).contains("checksum");
        assertThat(aws.all())
                .as("validated before the snapshot, which the refusal would waste")
                .isEmpty();
        assertThat(db.one("select to_regclass('u') is null")).isEqualTo("t");
    }

    @Test
    void a_migration_that_lint_refuses_costs_no_snapshot(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V1__reindex.sql"), "reindex index concurrently some_idx;\n");

        CliRun run = snapshotFirstFrom(dir);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARD_REFUSED);
        assertThat(run.toString()).contains("refused by lint, nothing applied");
        assertThat(aws.all())
                .as("the lint runs before the snapshot, which a refusal makes useless")
                .isEmpty();
        assertThat(historyExists()).isFalse();
    }

    @Test
    void an_aurora_cluster_is_checked_by_its_own_backups() {
        aws.server()
                .stubFor(action("DescribeDBClusters")
                        .willReturn(result(
                                "DescribeDBClusters",
                                RdsStubs.cluster(
                                        "orders",
                                        "orders.cluster-abc.eu-central-1.rds.amazonaws.com",
                                        "orders.cluster-ro-abc.eu-central-1.rds.amazonaws.com",
                                        1,
                                        ago(Duration.ofMinutes(4))))));
        aws.server()
                .stubFor(action("DescribeDBClusterSnapshots")
                        .willReturn(result("DescribeDBClusterSnapshots", RdsStubs.clusterSnapshots())));

        CliRun run = migrate("--require-backup-within", "30m", "--db-cluster-id", "orders");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("migrate: Aurora cluster orders: newest backup 4m ");
        assertThat(RdsStubs.parameter(
                        RdsStubs.requests(aws, "DescribeDBClusterSnapshots").get(0), "DBClusterIdentifier"))
                .isEqualTo("orders");
    }

    @Test
    void bad_options_are_refused_before_connecting() {
        CliRun both = migrate("--require-backup-within", "1h", "--db-instance-id", "a", "--db-cluster-id", "b");
        CliRun badId = migrate("--require-backup-within", "1h", "--db-instance-id", "orders_prod");
        CliRun lonelyTimeout = migrate("--snapshot-timeout", "10m");
        CliRun hugeTimeout = migrate("--snapshot-first", "--snapshot-timeout", "200000d");
        CliRun hugePoll = migrate("--snapshot-first", "--snapshot-poll", "1d");

        assertThat(both.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(both.err()).contains("--db-instance-id and --db-cluster-id name the same thing");
        assertThat(badId.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badId.err())
                .contains("--db-instance-id must be an RDS identifier")
                .contains("orders_prod");
        assertThat(lonelyTimeout.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lonelyTimeout.err()).contains("--snapshot-timeout only applies with --snapshot-first");
        assertThat(hugeTimeout.exitCode()).as(hugeTimeout.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(hugeTimeout.err()).contains("--snapshot-timeout must be between");
        assertThat(hugePoll.exitCode()).as(hugePoll.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(hugePoll.err()).contains("--snapshot-poll must be between");
        assertThat(aws.all()).isEmpty();
        assertThat(historyExists()).isFalse();
    }

    private void stubInstance(int retentionDays, Instant latestRestorable) {
        aws.server().stubFor(RdsStubs.describeInstance(INSTANCE, retentionDays, latestRestorable));
    }

    private void stubSnapshots(String... listed) {
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBInstanceIdentifier", INSTANCE)
                        .willReturn(result("DescribeDBSnapshots", snapshots(listed))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder describedSnapshot(
            String status, int percent) {
        return result("DescribeDBSnapshots", snapshots(snapshot(SNAPSHOT, INSTANCE, status, Instant.now(), percent)));
    }

    private static Instant ago(Duration d) {
        return Instant.now().minus(d);
    }

    private Map<String, String> withBuild() {
        Map<String, String> env = new HashMap<>(aws.env());
        env.put("CODEBUILD_BUILD_ID", BUILD_ID);
        return env;
    }

    private CliRun migrate(String... migrateArgs) {
        String[] args = new String[migrateArgs.length + 1];
        args[0] = "migrate";
        System.arraycopy(migrateArgs, 0, args, 1, migrateArgs.length);
        return db.cli(aws.env(), args);
    }

    private CliRun snapshotFirstFrom(Path dir) {
        return migrate(
                withBuild(),
                "migrate",
                "--locations",
                "filesystem:" + dir,
                "--snapshot-first",
                "--db-instance-id",
                INSTANCE);
    }

    private CliRun migrate(Map<String, String> env, String... args) {
        return db.cli(env, args);
    }

    private long applied() {
        return db.count("select count(*) from flyway_schema_history where success");
    }

    private boolean historyExists() {
        return db.one("select to_regclass('public.flyway_schema_history') is not null")
                .equals("t");
    }

    /** The run's exit code, one error line holding every part, and not even Flyway's history table made. */
    private void assertOneErrorAndNothingApplied(CliRun run, int exitCode, String... parts) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(errorLines(run)).singleElement().asString().contains(parts);
        assertThat(historyExists()).isFalse();
    }

    private static List<String> errorLines(CliRun run) {
        return run.err().lines().filter(l -> l.startsWith("error: ")).toList();
    }
}
