package org.daadaar.runner.backup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.daadaar.runner.RunnerException;

/**
 * What migrate was asked to make sure of before it applies anything: a backup newer than
 * {@code requireWithin}, or a snapshot of its own first.
 *
 * @param requireWithin null when no backup age is required
 * @param instanceId --db-instance-id, else null to find the instance by the database host
 * @param clusterId --db-cluster-id, else null
 * @param region --region, else null for the environment's
 */
public record BackupRequest(
        Duration requireWithin,
        boolean snapshotFirst,
        Duration snapshotTimeout,
        Duration pollInterval,
        String instanceId,
        String clusterId,
        String region) {

    /** --snapshot-timeout's and --snapshot-poll's defaults, for migrate and for doctor's check of it. */
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);

    public static final Duration DEFAULT_SNAPSHOT_POLL = Duration.ofSeconds(15);

    /** RDS's identifier rules, which both --db-instance-id and --db-cluster-id follow. */
    private static final String IDENTIFIER = "[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*";

    public BackupRequest {
        if (requireWithin != null && (requireWithin.isZero() || requireWithin.isNegative())) {
            throw RunnerException.badInput("--require-backup-within must be longer than 0 (was " + requireWithin + ")");
        }
        if (snapshotTimeout.isZero() || snapshotTimeout.isNegative()) {
            throw RunnerException.badInput("--snapshot-timeout must be longer than 0");
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw RunnerException.badInput("--snapshot-poll must be longer than 0");
        }
        if (instanceId != null && clusterId != null) {
            throw RunnerException.badInput("--db-instance-id and --db-cluster-id name the same thing: give one");
        }
        check(instanceId, "--db-instance-id");
        check(clusterId, "--db-cluster-id");
    }

    /** Whether migrate asks RDS anything at all. */
    public boolean active() {
        return requireWithin != null || snapshotFirst;
    }

    /** For the audit row's parameters. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (requireWithin != null) {
            p.put("require_backup_within", requireWithin.toString());
        }
        if (snapshotFirst) {
            p.put("snapshot_first", true);
            p.put("snapshot_timeout", snapshotTimeout.toString());
        }
        if (instanceId != null) {
            p.put("db_instance_id", instanceId);
        }
        if (clusterId != null) {
            p.put("db_cluster_id", clusterId);
        }
        return p;
    }

    private static void check(String id, String option) {
        if (id != null && (id.length() > 63 || !id.matches(IDENTIFIER))) {
            throw RunnerException.badInput(option + " must be an RDS identifier: up to 63 letters, digits and"
                    + " hyphens, a letter first, no hyphen last or twice in a row (was '" + id + "')");
        }
    }
}
