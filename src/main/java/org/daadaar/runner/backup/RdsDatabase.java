package org.daadaar.runner.backup;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The RDS instance or Aurora cluster behind the database host, as RDS describes it.
 *
 * @param backupRetentionDays 0 when automated backups are off
 * @param latestRestorableTime the newest point-in-time restore target; null when there is none
 */
public record RdsDatabase(Kind kind, String id, int backupRetentionDays, Instant latestRestorableTime) {
    public enum Kind {
        INSTANCE("db instance"),
        CLUSTER("Aurora cluster");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    public RdsDatabase {
        requireNonNull(kind, "kind");
        requireNonNull(id, "id");
    }

    /** "db instance orders-prod", "Aurora cluster orders": for messages. */
    public String describe() {
        return kind.words + " " + id;
    }
}
