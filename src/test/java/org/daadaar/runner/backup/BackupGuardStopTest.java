package org.daadaar.runner.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.daadaar.runner.support.RdsStubs.action;
import static org.daadaar.runner.support.RdsStubs.result;
import static org.daadaar.runner.support.RdsStubs.snapshot;
import static org.daadaar.runner.support.RdsStubs.snapshots;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.support.AwsStubs;
import org.daadaar.runner.support.RdsStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A SIGTERM while --snapshot-first waits: no statement is in flight for the stop to cancel, so the
 * wait itself must notice it. The real SDK against WireMock; the stop is the flag the runner's
 * SIGTERM hook sets, raised once the snapshot has been polled.
 */
class BackupGuardStopTest {
    private static final String INSTANCE = "orders-prod";

    @RegisterExtension
    final AwsStubs aws = new AwsStubs();

    @Test
    @Timeout(60) // without the stop check the wait would last the hour's poll interval
    void a_stop_ends_the_wait_for_the_snapshot_with_exit_143_naming_it() {
        aws.server().stubFor(RdsStubs.describeInstance(INSTANCE, 7, Instant.now()));
        aws.server()
                .stubFor(action("CreateDBSnapshot")
                        .willReturn(result(
                                "CreateDBSnapshot", snapshot("db-runner-b1", INSTANCE, "creating", Instant.now(), 0))));
        aws.server()
                .stubFor(action("DescribeDBSnapshots", "DBSnapshotIdentifier", "db-runner-b1")
                        .willReturn(result(
                                "DescribeDBSnapshots",
                                snapshots(snapshot("db-runner-b1", INSTANCE, "creating", Instant.now(), 5)))));
        Map<String, String> env = new HashMap<>(aws.env());
        env.put("CODEBUILD_BUILD_ID", "b1");
        BackupRequest request =
                new BackupRequest(null, true, Duration.ofHours(1), Duration.ofHours(1), INSTANCE, null, "eu-central-1");
        AtomicReference<String> started = new AtomicReference<>();
        long before = System.nanoTime();

        assertThatThrownBy(() -> new BackupGuard(request)
                        .before("db.internal", env, false, started::set, () -> !RdsStubs.requests(
                                        aws, "DescribeDBSnapshots")
                                .isEmpty()))
                .isInstanceOfSatisfying(
                        RunnerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.STOPPED))
                .hasMessageContaining("stopped while waiting for snapshot db-runner-b1; nothing was applied");

        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("the hour's poll interval was cut short by the stop")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(started.get()).isEqualTo("db-runner-b1");
    }
}
