package org.daadaar.runner.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * RDS's wire protocol for {@link AwsStubs}: the Query protocol, a form-encoded POST / whose Action
 * names the call, answered with XML in RDS's namespace (errors as an ErrorResponse). Only the
 * fields the runner reads are filled in.
 */
public final class RdsStubs {
    public static final String XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

    private RdsStubs() {}

    /** A call by its Action, e.g. DescribeDBInstances (not DescribeDBInstanceAutomatedBackups). */
    public static MappingBuilder action(String action) {
        return post("/").withRequestBody(matching("(.*&)?Action=" + action + "(&.*)?"));
    }

    /** A call by its Action that names this parameter's value, e.g. DBSnapshotIdentifier. */
    public static MappingBuilder action(String action, String parameter, String value) {
        return post("/")
                .withRequestBody(matching("(.*&)?Action=" + action + "(&.*)?"))
                .withRequestBody(matching("(.*&)?" + parameter + "=" + value + "(&.*)?"));
    }

    /** The requests with this Action, in the order they came. */
    public static List<LoggedRequest> requests(AwsStubs aws, String action) {
        return aws.server()
                .findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/"))
                        .withRequestBody(matching("(.*&)?Action=" + action + "(&.*)?")));
    }

    /** A form body's parameter, decoded; null when absent. */
    public static String parameter(LoggedRequest request, String name) {
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public static ResponseDefinitionBuilder result(String action, String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<" + action + "Response xmlns=\"" + XMLNS + "\"><" + action + "Result>" + body + "</"
                        + action + "Result><ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555"
                        + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    public static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>Sender</Type><Code>" + code
                        + "</Code><Message>" + message + "</Message></Error>"
                        + "<RequestId>11111111-2222-3333-4444-555555555555</RequestId></ErrorResponse>");
    }

    /**
     * @param cluster the Aurora cluster it belongs to, else null
     * @param latestRestorable null for none
     */
    public static String instance(
            String id, String address, int retentionDays, Instant latestRestorable, String cluster) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><Engine>postgres</Engine>"
                + "<DBInstanceStatus>available</DBInstanceStatus><Endpoint><Address>" + address
                + "</Address><Port>5432</Port></Endpoint><BackupRetentionPeriod>" + retentionDays
                + "</BackupRetentionPeriod>"
                + (latestRestorable == null
                        ? ""
                        : "<LatestRestorableTime>" + latestRestorable + "</LatestRestorableTime>")
                + (cluster == null ? "" : "<DBClusterIdentifier>" + cluster + "</DBClusterIdentifier>")
                + "<DBInstanceArn>arn:aws:rds:eu-central-1:123456789012:db:" + id + "</DBInstanceArn></DBInstance>";
    }

    /**
     * DescribeDBInstances for one instance asked for by its id, answered with that instance (its
     * endpoint in eu-central-1; a lookup by id does not compare the address).
     */
    public static MappingBuilder describeInstance(String id, int retentionDays, Instant latestRestorable) {
        return action("DescribeDBInstances", "DBInstanceIdentifier", id)
                .willReturn(result(
                        "DescribeDBInstances",
                        instances(instance(
                                id,
                                id + ".c9akciq32.eu-central-1.rds.amazonaws.com",
                                retentionDays,
                                latestRestorable,
                                null))));
    }

    public static String instances(String... instances) {
        return "<DBInstances>" + String.join("", instances) + "</DBInstances>";
    }

    public static String cluster(String id, String writer, String reader, int retentionDays, Instant latestRestorable) {
        return "<DBClusters><DBCluster><DBClusterIdentifier>" + id + "</DBClusterIdentifier>"
                + "<Engine>aurora-postgresql</Engine><Status>available</Status><Endpoint>" + writer + "</Endpoint>"
                + "<ReaderEndpoint>" + reader + "</ReaderEndpoint><BackupRetentionPeriod>" + retentionDays
                + "</BackupRetentionPeriod>"
                + (latestRestorable == null
                        ? ""
                        : "<LatestRestorableTime>" + latestRestorable + "</LatestRestorableTime>")
                + "</DBCluster></DBClusters>";
    }

    /** @param percent null to leave it out */
    public static String snapshot(String id, String instance, String status, Instant created, Integer percent) {
        return "<DBSnapshot><DBSnapshotIdentifier>" + id + "</DBSnapshotIdentifier><DBInstanceIdentifier>" + instance
                + "</DBInstanceIdentifier><Status>" + status + "</Status>"
                + (created == null ? "" : "<SnapshotCreateTime>" + created + "</SnapshotCreateTime>")
                + (percent == null ? "" : "<PercentProgress>" + percent + "</PercentProgress>")
                + "<SnapshotType>" + (id.startsWith("rds:") ? "automated" : "manual") + "</SnapshotType></DBSnapshot>";
    }

    public static String snapshots(String... snapshots) {
        return "<DBSnapshots>" + String.join("", snapshots) + "</DBSnapshots>";
    }

    public static String clusterSnapshot(String id, String cluster, String status, Instant created, Integer percent) {
        return "<DBClusterSnapshot><DBClusterSnapshotIdentifier>" + id + "</DBClusterSnapshotIdentifier>"
                + "<DBClusterIdentifier>" + cluster + "</DBClusterIdentifier><Status>" + status + "</Status>"
                + (created == null ? "" : "<SnapshotCreateTime>" + created + "</SnapshotCreateTime>")
                + (percent == null ? "" : "<PercentProgress>" + percent + "</PercentProgress>")
                + "</DBClusterSnapshot>";
    }

    public static String clusterSnapshots(String... snapshots) {
        return "<DBClusterSnapshots>" + String.join("", snapshots) + "</DBClusterSnapshots>";
    }
}
