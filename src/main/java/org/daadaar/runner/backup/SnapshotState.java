package org.daadaar.runner.backup;

/**
 * A snapshot's status as RDS reports it (creating, available, failed...) and how far it is.
 *
 * @param percent null when RDS did not say
 */
public record SnapshotState(String status, Integer percent) {
    public boolean available() {
        return "available".equalsIgnoreCase(status);
    }

    /** RDS's terminal states other than available: the snapshot will never be usable. */
    public boolean failed() {
        return status != null
                && (status.equalsIgnoreCase("failed")
                        || status.equalsIgnoreCase("error")
                        || status.equalsIgnoreCase("incompatible-restore"));
    }
}
