package org.daadaar.runner.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.RdsStubs.action;
import static org.daadaar.runner.support.RdsStubs.instance;
import static org.daadaar.runner.support.RdsStubs.instances;
import static org.daadaar.runner.support.RdsStubs.result;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.JvmRun;
import org.daadaar.runner.support.RdsStubs;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * runner-image.jar keeps only part of the RDS module (pom.xml, the rds filter of the image jar).
 * Two checks that the part is enough: every RDS class that a kept class refers to is kept, and the
 * backup guard's calls run from that jar against RDS's Query protocol on WireMock.
 */
class RdsImageJarIT {
    private static final String JAR = "target/runner-image.jar";
    private static final String RDS = "software/amazon/awssdk/services/rds/";
    /**
     * Kept for what the JVM needs of them, not followed: the clients' and paginators' methods for
     * other operations never run, and the verifier loads only their request classes (checked below).
     */
    private static final Pattern NOT_FOLLOWED = Pattern.compile(RDS
            + "(DefaultRdsClient|RdsClient|DefaultRdsAsyncClient|RdsAsyncClient|paginators/.*|waiters/.*|model/\\w+Request)"
            + "\\.class");

    private static final Pattern CLASS_IN_DESCRIPTOR = Pattern.compile("L(" + RDS + "[\\w/$]+);");

    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    @Test
    void every_rds_class_that_a_kept_class_uses_is_in_the_image_jar() throws IOException {
        try (JarFile jar = new JarFile(JAR)) {
            Set<String> present = new HashSet<>();
            jar.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class"))
                    .forEach(present::add);
            Deque<String> todo = new ArrayDeque<>();
            for (String name : present) {
                boolean ours = name.startsWith("org/daadaar/runner/");
                boolean rds =
                        name.startsWith(RDS) && !NOT_FOLLOWED.matcher(name).matches();
                if (ours || rds) {
                    todo.add(name);
                }
            }
            Set<String> seen = new HashSet<>();
            Set<String> missing = new TreeSet<>();
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (!seen.add(name)) {
                    continue;
                }
                if (!present.contains(name)) {
                    missing.add(name);
                    continue;
                }
                if (name.startsWith(RDS) && NOT_FOLLOWED.matcher(name).matches() && !name.contains("/model/")) {
                    continue;
                }
                for (String used : rdsClassesUsedBy(jar, name)) {
                    todo.add(used);
                }
            }
            // The clients' own methods: their bytecode verifier loads each operation's request class.
            for (String client : List.of("DefaultRdsClient", "RdsClient", "DefaultRdsAsyncClient", "RdsAsyncClient")) {
                rdsClassesUsedBy(jar, RDS + client + ".class").stream()
                        .filter(n -> n.matches(RDS + "model/\\w+Request\\.class"))
                        .filter(n -> !present.contains(n))
                        .forEach(missing::add);
            }

            assertThat(missing).as("RDS classes that kept classes refer to").isEmpty();
            assertThat(seen).as("the walk reached the guard's calls").contains(RDS + "model/DBInstance.class");
        }
    }

    @Test
    void the_guards_calls_run_from_the_image_jar() throws Exception {
        Instant recent = Instant.now().minus(Duration.ofMinutes(3));
        aws.server().stubFor(RdsStubs.describeInstance("orders-prod", 7, recent));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(result(
                                "CreateDBSnapshot",
                                RdsStubs.snapshot("db-runner-x", "orders-prod", "creating", Instant.now(), 0))));
        aws.server()
                .stubFor(action("DescribeDBSnapshots")
                        .willReturn(result(
                                "DescribeDBSnapshots",
                                RdsStubs.snapshots(RdsStubs.snapshot(
                                        "db-runner-x", "orders-prod", "available", Instant.now(), 100)))));
        // The listing path: no instance has the host's address, a cluster's writer endpoint does.
        aws.server()
                .stubFor(action("DescribeDBInstances")
                        .atPriority(10)
                        .willReturn(result(
                                "DescribeDBInstances",
                                instances(
                                        instance("other", "other.c.eu-central-1.rds.amazonaws.com", 7, null, null)))));
        String host = TestDatabase.fresh(getClass()).host();
        aws.server()
                .stubFor(action("DescribeDBClusters")
                        .willReturn(result(
                                "DescribeDBClusters",
                                RdsStubs.cluster("orders", host, "orders.cluster-ro-c.rds.amazonaws.com", 1, recent))));
        aws.server()
                .stubFor(action("CreateDBClusterSnapshot")
                        .willReturn(result(
                                "CreateDBClusterSnapshot",
                                "<DBClusterSnapshot><DBClusterSnapshotIdentifier>db-runner-x</DBClusterSnapshotIdentifier>"
                                        + "<Status>creating</Status></DBClusterSnapshot>")));
        aws.server()
                .stubFor(action("DescribeDBClusterSnapshots")
                        .willReturn(result(
                                "DescribeDBClusterSnapshots",
                                RdsStubs.clusterSnapshots(RdsStubs.clusterSnapshot(
                                        "db-runner-x", "orders", "available", Instant.now(), 100)))));

        JvmRun snapshot = migrate("--snapshot-first", "--snapshot-poll", "10ms", "--db-instance-id", "orders-prod");
        JvmRun listed = migrate("--require-backup-within", "1h");
        JvmRun cluster = migrate("--snapshot-first", "--snapshot-poll", "10ms", "--db-cluster-id", "orders");

        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        assertThat(snapshot.out()).contains("snapshot db-runner-", "of db instance orders-prod is available");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("migrate: Aurora cluster orders: newest backup ");
        assertThat(cluster.exitCode()).as(cluster.toString()).isZero();
        assertThat(cluster.out()).contains("of Aurora cluster orders is available");
    }

    @Test
    void rds_errors_are_mapped_from_the_image_jar() throws Exception {
        aws.server()
                .stubFor(action("DescribeDBInstances", "DBInstanceIdentifier", "gone")
                        .willReturn(RdsStubs.error(404, "DBInstanceNotFound", "DBInstance gone not found.")));
        aws.server()
                .stubFor(action("DescribeDBInstances", "DBInstanceIdentifier", "secret")
                        .willReturn(RdsStubs.error(403, "AccessDenied", "not authorized")));

        JvmRun notFound = migrate("--require-backup-within", "1h", "--db-instance-id", "gone");
        JvmRun denied = migrate("--require-backup-within", "1h", "--db-instance-id", "secret");

        assertThat(notFound.exitCode()).as(notFound.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(notFound.err()).contains("no db instance gone in ");
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(denied.err()).contains("not allowed to call rds:DescribeDBInstances on db instance secret");
    }

    /** The image's jar, started as the image starts it, on a fresh database each time. */
    private JvmRun migrate(String... migrateArgs) {
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        Map<String, String> env = new HashMap<>(aws.env());
        env.remove("DATABASE_URL");
        env.put("PATH", System.getenv("PATH"));
        List<String> args = new ArrayList<>(List.of("--database-url", db.cliUrl(), "migrate"));
        args.addAll(List.of(migrateArgs));
        return JvmRun.run(JAR, List.of(), env, args.toArray(String[]::new));
    }

    /** The RDS classes a class file names: its constant pool's classes and descriptors. */
    private static Set<String> rdsClassesUsedBy(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        Set<String> used = new HashSet<>();
        try (InputStream in = jar.getInputStream(entry);
                DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            List<Integer> classIndexes = new ArrayList<>();
            Map<Integer, String> strings = new HashMap<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.put(i, data.readUTF());
                    case 7 -> classIndexes.add(data.readUnsignedShort());
                    case 8, 16, 19, 20 -> data.readUnsignedShort();
                    case 15 -> {
                        data.readUnsignedByte();
                        data.readUnsignedShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.readInt();
                    case 5, 6 -> {
                        data.readLong();
                        i++;
                    }
                    default -> throw new IOException(name + ": constant pool tag " + tag);
                }
            }
            for (int index : classIndexes) {
                String cls = strings.get(index).replaceFirst("^\\[*L?", "").replaceFirst(";$", "");
                if (cls.startsWith(RDS)) {
                    used.add(cls + ".class");
                }
            }
            for (String value : strings.values()) {
                Matcher m = CLASS_IN_DESCRIPTOR.matcher(value);
                while (m.find()) {
                    used.add(m.group(1) + ".class");
                }
            }
        }
        return used;
    }
}
