package org.daadaar.runner.backup;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsCalls;
import org.daadaar.runner.aws.AwsClients;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The RDS calls of the backup guard, each through {@link AwsCalls} so that a failure is one line
 * naming the IAM action. Only describe calls and CreateDB[Cluster]Snapshot: nothing else changes.
 */
public final class Rds implements AutoCloseable {
    /** The limits the other AWS clients have (codebuild/Builds, iam/RolePolicies). */
    static final AwsClients.Timeouts TIMEOUTS = new AwsClients.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_RDS";

    /**
     * RDS's own endpoint names: ID.HASH.REGION.rds.amazonaws.com for an instance,
     * ID.cluster-HASH... and ID.cluster-ro-HASH... for a cluster's writer and reader. The first
     * label is the identifier, so the instance can be described by name: a policy scoped to that
     * instance allows it, where listing every instance to match the address would be denied.
     */
    private static final Pattern RDS_ENDPOINT = Pattern.compile(
            "([a-z][a-z0-9-]{0,62})\\.(cluster-(?:ro-)?)?[a-z0-9]+\\.[a-z0-9-]+\\.rds\\.amazonaws\\.com(\\.cn)?");

    private final RdsClient client;
    private final AwsCalls calls;
    private final String where;

    private Rds(RdsClient client) {
        this.client = requireNonNull(client, "client");
        this.where = AwsClients.where(client, "RDS");
        this.calls = new AwsCalls(where);
    }

    /** @param region --region, or null for the environment's */
    public static Rds connect(String region, Map<String, String> env) {
        return new Rds(AwsClients.build(RdsClient.builder(), "RDS", ENDPOINT_VARIABLE, region, env, TIMEOUTS));
    }

    /**
     * The instance or cluster: by the id given, else by the host's RDS endpoint name, else by
     * matching the host to every instance's and cluster's endpoint addresses.
     */
    public RdsDatabase find(String host, String instanceId, String clusterId) {
        if (clusterId != null) {
            return cluster(clusterId)
                    .orElseThrow(() -> RunnerException.badInput("no Aurora cluster " + clusterId + " in " + where
                            + ": check --db-cluster-id and --region"));
        }
        if (instanceId != null) {
            return instance(instanceId)
                    .map(this::behind)
                    .orElseThrow(() -> RunnerException.badInput(
                            "no db instance " + instanceId + " in " + where + ": check --db-instance-id and --region"));
        }
        String address = host.toLowerCase(Locale.ROOT);
        Matcher name = RDS_ENDPOINT.matcher(address);
        if (name.matches()) {
            String id = name.group(1);
            Optional<RdsDatabase> named = name.group(2) != null
                    ? clusterModel(id)
                            .filter(c -> addresses(c).contains(address))
                            .map(Rds::of)
                    : instance(id).filter(i -> matches(i, address)).map(this::behind);
            if (named.isPresent()) {
                return named.get();
            }
        }
        return listed(address)
                .orElseThrow(() -> RunnerException.badInput("no db instance or Aurora cluster in " + where
                        + " has the endpoint " + host + ": pass --db-instance-id or --db-cluster-id (a CNAME or an"
                        + " RDS Proxy in front hides the database's own endpoint)"));
    }

    /** The newest available snapshot, automated or manual, of the instance or cluster. */
    public Optional<Instant> newestSnapshot(RdsDatabase db) {
        if (db.kind() == RdsDatabase.Kind.CLUSTER) {
            return calls.call(
                    "rds:DescribeDBClusterSnapshots", db.describe(), () -> client
                            .describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(db.id()))
                            .dbClusterSnapshots()
                            .stream()
                            .filter(s -> "available".equalsIgnoreCase(s.status()))
                            .map(DBClusterSnapshot::snapshotCreateTime)
                            .filter(Objects::nonNull)
                            .max(Comparator.naturalOrder()));
        }
        return calls.call(
                "rds:DescribeDBSnapshots",
                db.describe(),
                () -> client.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(db.id())).dbSnapshots().stream()
                        .filter(s -> "available".equalsIgnoreCase(s.status()))
                        .map(DBSnapshot::snapshotCreateTime)
                        .filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()));
    }

    /** Starts a manual snapshot; RDS makes it in the background. */
    public void createSnapshot(RdsDatabase db, String snapshotId, Map<String, String> tags) {
        List<Tag> tagList = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        try {
            if (db.kind() == RdsDatabase.Kind.CLUSTER) {
                calls.call(
                        "rds:CreateDBClusterSnapshot",
                        db.describe(),
                        () -> client.createDBClusterSnapshot(r -> r.dbClusterIdentifier(db.id())
                                .dbClusterSnapshotIdentifier(snapshotId)
                                .tags(tagList)));
            } else {
                calls.call(
                        "rds:CreateDBSnapshot",
                        db.describe(),
                        () -> client.createDBSnapshot(r -> r.dbInstanceIdentifier(db.id())
                                .dbSnapshotIdentifier(snapshotId)
                                .tags(tagList)));
            }
        } catch (RunnerException e) {
            if (e.getCause() instanceof DbSnapshotAlreadyExistsException
                    || e.getCause() instanceof DbClusterSnapshotAlreadyExistsException) {
                throw RunnerException.guardRefused("a snapshot named " + snapshotId + " exists already (an earlier"
                        + " migrate --snapshot-first in this build?): nothing was applied; check it in the RDS console"
                        + " and run the build again");
            }
            throw e;
        }
    }

    /** The snapshot's status now. */
    public SnapshotState snapshotState(RdsDatabase db, String snapshotId) {
        String target = "snapshot " + snapshotId;
        if (db.kind() == RdsDatabase.Kind.CLUSTER) {
            return calls.call("rds:DescribeDBClusterSnapshots", target, () -> {
                try {
                    return client
                            .describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(snapshotId))
                            .dbClusterSnapshots()
                            .stream()
                            .findFirst()
                            .map(s -> new SnapshotState(s.status(), s.percentProgress()))
                            .orElseGet(Rds::gone);
                } catch (DbClusterSnapshotNotFoundException e) {
                    return gone();
                }
            });
        }
        return calls.call("rds:DescribeDBSnapshots", target, () -> {
            try {
                return client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots().stream()
                        .findFirst()
                        .map(s -> new SnapshotState(s.status(), s.percentProgress()))
                        .orElseGet(Rds::gone);
            } catch (DbSnapshotNotFoundException e) {
                return gone();
            }
        });
    }

    private static SnapshotState gone() {
        return new SnapshotState("deleted", null);
    }

    private Optional<DBInstance> instance(String id) {
        return calls.call("rds:DescribeDBInstances", "db instance " + id, () -> {
            try {
                return client.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream()
                        .findFirst();
            } catch (DbInstanceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<RdsDatabase> cluster(String id) {
        return clusterModel(id).map(Rds::of);
    }

    private Optional<DBCluster> clusterModel(String id) {
        return calls.call("rds:DescribeDBClusters", "Aurora cluster " + id, () -> {
            try {
                return client.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().stream()
                        .findFirst();
            } catch (DbClusterNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** Listing needs the describe permissions on every instance and cluster of the region. */
    private Optional<RdsDatabase> listed(String address) {
        Optional<DBInstance> instance = calls.call(
                "rds:DescribeDBInstances",
                "every db instance (to find the endpoint " + address + ")",
                () -> client.describeDBInstancesPaginator(r -> {}).dbInstances().stream()
                        .filter(i -> matches(i, address))
                        .findFirst());
        if (instance.isPresent()) {
            return Optional.of(behind(instance.get()));
        }
        return calls.call(
                "rds:DescribeDBClusters",
                "every Aurora cluster (to find the endpoint " + address + ")",
                () -> client.describeDBClustersPaginator(r -> {}).dbClusters().stream()
                        .map(c -> Map.entry(c, addresses(c)))
                        .filter(e -> e.getValue().contains(address))
                        .findFirst()
                        .map(e -> of(e.getKey())));
    }

    /** An Aurora instance keeps no backups of its own: they are its cluster's. */
    private RdsDatabase behind(DBInstance instance) {
        if (instance.dbClusterIdentifier() != null) {
            String clusterId = instance.dbClusterIdentifier();
            return cluster(clusterId)
                    .orElseThrow(() -> RunnerException.badInput("db instance " + instance.dbInstanceIdentifier()
                            + " belongs to Aurora cluster " + clusterId + ", which " + where + " does not describe"));
        }
        return new RdsDatabase(
                RdsDatabase.Kind.INSTANCE,
                instance.dbInstanceIdentifier(),
                orZero(instance.backupRetentionPeriod()),
                instance.latestRestorableTime());
    }

    private static boolean matches(DBInstance instance, String address) {
        return instance.endpoint() != null
                && address.equalsIgnoreCase(instance.endpoint().address());
    }

    private static List<String> addresses(DBCluster cluster) {
        return Stream.concat(
                        Stream.of(cluster.endpoint(), cluster.readerEndpoint()), cluster.customEndpoints().stream())
                .filter(Objects::nonNull)
                .map(a -> a.toLowerCase(Locale.ROOT))
                .toList();
    }

    private static RdsDatabase of(DBCluster cluster) {
        return new RdsDatabase(
                RdsDatabase.Kind.CLUSTER,
                cluster.dbClusterIdentifier(),
                orZero(cluster.backupRetentionPeriod()),
                cluster.latestRestorableTime());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        client.close();
    }
}
