package org.daadaar.runner.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.RdsStubs.action;
import static org.daadaar.runner.support.RdsStubs.result;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.RdsStubs;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** doctor with migrate's backup options: the RDS API's hop and the database on it, against WireMock. */
class DoctorRdsTest {
    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    private final Sql db = Sql.on(TestDatabase.fresh(getClass()));

    @Test
    void with_the_backup_options_doctor_checks_the_rds_api_and_the_backup_before_the_pending_schema() {
        stubInstance();
        aws.server()
                .stubFor(action("DescribeDBSnapshots").willReturn(result("DescribeDBSnapshots", RdsStubs.snapshots())));

        CliRun run = db.cli(aws.env(), "doctor", "--require-backup-within", "1h", "--db-instance-id", "orders-prod");

        assertThat(run.exitCode()).as("the schema has pending migrations").isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "PASS  login-works",
                        "PASS  rds-api-reachable",
                        "PASS  rds-backup",
                        "db instance orders-prod: newest backup 10m ",
                        "FAIL  schema-up-to-date");
        assertThat(RdsStubs.requests(aws, "CreateDBSnapshot")).isEmpty();
    }

    @Test
    void the_instance_id_from_the_environment_is_enough_and_nothing_is_created() {
        stubInstance();
        Map<String, String> env = new HashMap<>(aws.env());
        env.put("DB_INSTANCE_ID", "orders-prod");

        CliRun run = db.cli(env, "doctor");

        assertThat(run.out())
                .contains("PASS  rds-backup")
                .contains("db instance orders-prod found (automated backups kept 7 days)");
        assertThat(aws.all()).as("only the describe call").hasSize(1);
    }

    @Test
    void access_denied_fails_the_rds_check_with_the_terraform_input_that_grants_it() {
        aws.server()
                .stubFor(action("DescribeDBInstances")
                        .willReturn(RdsStubs.error(
                                403, "AccessDenied", "not authorized to perform rds:DescribeDBInstances")));

        CliRun run = db.cli(aws.env(), "doctor", "--snapshot-first", "--db-instance-id", "orders-prod");

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence(
                        "PASS  rds-api-reachable",
                        "FAIL  rds-backup",
                        "not allowed to call rds:DescribeDBInstances",
                        "hint: the build role needs rds:DescribeDBInstances",
                        "infra/: rds_instance_id or rds_cluster_id");
    }

    @Test
    void an_unreachable_rds_api_fails_with_the_vpc_endpoint_hint() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(aws.env());
        env.put("AWS_ENDPOINT_URL_RDS", "http://127.0.0.1:" + closed);

        CliRun run = db.cli(env, "doctor", "--snapshot-first", "--db-instance-id", "orders-prod");

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.out())
                .containsSubsequence("FAIL  rds-api-reachable", "create_rds_endpoint = true", "SKIP  rds-backup");
    }

    @Test
    void without_the_backup_options_doctor_does_not_touch_rds() {
        CliRun run = db.cli(aws.env(), "doctor");

        assertThat(run.out()).doesNotContain("rds-");
        assertThat(aws.all()).isEmpty();
    }

    private void stubInstance() {
        aws.server()
                .stubFor(RdsStubs.describeInstance(
                        "orders-prod", 7, Instant.now().minus(Duration.ofMinutes(10))));
    }
}
