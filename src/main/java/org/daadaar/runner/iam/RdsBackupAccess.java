package org.daadaar.runner.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.RunnerException;

/**
 * What migrate --require-backup-within and --snapshot-first need from RDS, on one instance and/or
 * one Aurora cluster only: describe it and its snapshots, and create and tag a snapshot named
 * db-runner-* (backup/SnapshotName). The snapshots it reads are the automated ones (rds:ID-*) and
 * the runner's own. infra/iam.tf renders the same statements for rds_instance_id and rds_cluster_id.
 *
 * @param instanceId null for none
 * @param clusterId null for none
 */
public record RdsBackupAccess(String instanceId, String clusterId) {
    public static final RdsBackupAccess NONE = new RdsBackupAccess(null, null);

    /**
     * RDS stores identifiers in lower case and its ARNs use that form, so an ARN with an upper-case
     * letter would match nothing: lower case only, as infra/variables.tf asks too.
     */
    private static final String IDENTIFIER = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    public RdsBackupAccess {
        check(instanceId, "--rds-instance-id");
        check(clusterId, "--rds-cluster-id");
    }

    List<Map<String, Object>> statements(String partition, String region, String account) {
        String arn = "arn:" + partition + ":rds:" + region + ":" + account + ":";
        List<Map<String, Object>> statements = new ArrayList<>();
        if (instanceId != null) {
            String db = arn + "db:" + instanceId;
            String ours = arn + "snapshot:db-runner-*";
            statements.add(statement(
                    "RdsBackupCheck",
                    List.of("rds:DescribeDBInstances", "rds:DescribeDBSnapshots"),
                    List.of(db, arn + "snapshot:rds:" + instanceId + "-*", ours)));
            statements.add(statement("RdsSnapshotCreate", List.of("rds:CreateDBSnapshot"), List.of(db, ours)));
            // The snapshot is tagged as it is created, which RDS authorizes as AddTagsToResource on it.
            statements.add(statement("RdsSnapshotTag", List.of("rds:AddTagsToResource"), List.of(ours)));
        }
        if (clusterId != null) {
            String cluster = arn + "cluster:" + clusterId;
            String ours = arn + "cluster-snapshot:db-runner-*";
            statements.add(statement(
                    "RdsClusterBackupCheck",
                    List.of("rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots"),
                    List.of(cluster, arn + "cluster-snapshot:rds:" + clusterId + "-*", ours)));
            statements.add(statement(
                    "RdsClusterSnapshotCreate", List.of("rds:CreateDBClusterSnapshot"), List.of(cluster, ours)));
            statements.add(statement("RdsClusterSnapshotTag", List.of("rds:AddTagsToResource"), List.of(ours)));
        }
        return statements;
    }

    private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources) {
        return BuildRolePolicy.statement(sid, actions, BuildRolePolicy.oneOrList(resources), null);
    }

    private static void check(String id, String option) {
        if (id != null && (id.length() > 63 || !id.matches(IDENTIFIER))) {
            throw RunnerException.badInput(option + " must be an RDS identifier as RDS stores it: up to 63 lower-case"
                    + " letters, digits and hyphens, a letter first, no hyphen last or twice in a row (was '" + id
                    + "')");
        }
    }
}
