package org.daadaar.runner.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.daadaar.runner.support.RdsStubs.action;
import static org.daadaar.runner.support.RdsStubs.instance;
import static org.daadaar.runner.support.RdsStubs.instances;
import static org.daadaar.runner.support.RdsStubs.result;

import java.time.Instant;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.RdsStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the guard finds the database behind a host: the real RdsClient against RDS's Query protocol. */
class RdsFindTest {
    private static final String WRITER = "orders.cluster-c9akciq32.eu-central-1.rds.amazonaws.com";
    private static final String READER = "orders.cluster-ro-c9akciq32.eu-central-1.rds.amazonaws.com";
    private static final Instant RESTORABLE = Instant.parse("2026-12-01T22:00:00Z");

    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    @Test
    void an_rds_endpoint_name_is_described_by_its_identifier_without_listing_every_instance() {
        String host = "orders-prod.c9akciq32.eu-central-1.rds.amazonaws.com";
        aws.server()
                .stubFor(action("DescribeDBInstances", "DBInstanceIdentifier", "orders-prod")
                        .willReturn(result(
                                "DescribeDBInstances", instances(instance("orders-prod", host, 7, RESTORABLE, null)))));

        try (Rds rds = Rds.connect(null, aws.env())) {
            RdsDatabase db = rds.find(host.toUpperCase(java.util.Locale.ROOT), null, null);

            assertThat(db).isEqualTo(new RdsDatabase(RdsDatabase.Kind.INSTANCE, "orders-prod", 7, RESTORABLE));
        }
        assertThat(RdsStubs.requests(aws, "DescribeDBInstances")).hasSize(1);
    }

    @Test
    void a_cluster_reader_endpoint_finds_the_cluster() {
        stubCluster();

        try (Rds rds = Rds.connect(null, aws.env())) {
            assertThat(rds.find(READER, null, null))
                    .isEqualTo(new RdsDatabase(RdsDatabase.Kind.CLUSTER, "orders", 1, RESTORABLE));
        }
        assertThat(RdsStubs.parameter(
                        RdsStubs.requests(aws, "DescribeDBClusters").get(0), "DBClusterIdentifier"))
                .isEqualTo("orders");
    }

    @Test
    void an_aurora_instance_is_checked_by_its_clusters_backups() {
        aws.server()
                .stubFor(action("DescribeDBInstances", "DBInstanceIdentifier", "orders-1")
                        .willReturn(result(
                                "DescribeDBInstances",
                                instances(instance(
                                        "orders-1",
                                        "orders-1.c9akciq32.eu-central-1.rds.amazonaws.com",
                                        1,
                                        null,
                                        "orders")))));
        stubCluster();

        try (Rds rds = Rds.connect(null, aws.env())) {
            assertThat(rds.find("ignored", "orders-1", null).kind()).isEqualTo(RdsDatabase.Kind.CLUSTER);
        }
    }

    @Test
    void an_unknown_instance_id_is_bad_input_naming_it() {
        aws.server()
                .stubFor(action("DescribeDBInstances")
                        .willReturn(RdsStubs.error(404, "DBInstanceNotFound", "DBInstance orders-prd not found.")));

        try (Rds rds = Rds.connect(null, aws.env())) {
            assertThatThrownBy(() -> rds.find("db.internal", "orders-prd", null))
                    .isInstanceOfSatisfying(
                            RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                    .hasMessageStartingWith(
                            "no db instance orders-prd in " + aws.server().baseUrl())
                    .hasMessageContaining("check --db-instance-id and --region");
        }
    }

    @Test
    void a_host_that_no_endpoint_matches_asks_for_the_id() {
        aws.server()
                .stubFor(action("DescribeDBInstances")
                        .willReturn(result(
                                "DescribeDBInstances",
                                instances(instance(
                                        "other", "other.abc.eu-central-1.rds.amazonaws.com", 7, null, null)))));
        aws.server().stubFor(action("DescribeDBClusters").willReturn(result("DescribeDBClusters", "<DBClusters/>")));

        try (Rds rds = Rds.connect(null, aws.env())) {
            assertThatThrownBy(() -> rds.find("db.internal", null, null))
                    .hasMessageContaining("has the endpoint db.internal: pass --db-instance-id or --db-cluster-id");
        }
    }

    private void stubCluster() {
        aws.server()
                .stubFor(action("DescribeDBClusters", "DBClusterIdentifier", "orders")
                        .willReturn(result(
                                "DescribeDBClusters", RdsStubs.cluster("orders", WRITER, READER, 1, RESTORABLE))));
    }
}
