package org.daadaar.runner.config;

/**
 * What the user asked for, by source, so that {@link SslPolicy} can rank them as libpq does: a
 * flag beats the URL, and the URL beats the environment (PGSSLMODE, PGSSLROOTCERT), which
 * would otherwise override a URL's explicit setting in an image that sets PGSSLROOTCERT.
 */
public record TlsRequest(String flagMode, String envMode, String flagRootCert, String envRootCert) {
    /** A mode that does not exist is bad input at once, named by where it came from, even for doctor. */
    public TlsRequest {
        if (flagMode != null && !flagMode.isBlank()) {
            SslMode.parse(flagMode, "--ssl-mode");
        }
        if (envMode != null && !envMode.isBlank()) {
            SslMode.parse(envMode, "PGSSLMODE");
        }
    }
}
