package org.daadaar.runner.tls;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one handshake established, as observed, not as configured.
 *
 * @param sslMode the mode the driver was given for this connection
 * @param chainVerified the server's chain validates against the bundle, and the driver checked it
 * @param hostNameChecked the driver checked that the certificate names {@code checkedHost}
 */
public record TlsHandshake(
        String protocol,
        String cipherSuite,
        String sslMode,
        boolean chainVerified,
        boolean hostNameChecked,
        String checkedHost,
        String serverSubject,
        Instant serverNotAfter) {

    /** One clause for a line, e.g. "TLSv1.3, certificate chain verified against X, host name db checked". */
    public String describe(String bundleName) {
        String chain = chainVerified
                ? "certificate chain verified against " + bundleName
                : "certificate NOT verified (sslmode=" + sslMode + " does not check it)";
        String host = hostNameChecked
                ? "host name " + checkedHost + " checked"
                : chainVerified ? "host name NOT checked (sslmode=" + sslMode + ")" : null;
        return protocol + ", " + chain + (host == null ? "" : ", " + host) + "; server certificate " + serverSubject
                + ", expires " + serverNotAfter.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The same, as report details. */
    public Map<String, Object> details(String bundleName) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tls_version", protocol);
        details.put("tls_cipher", cipherSuite);
        details.put("tls_verified", chainVerified);
        if (chainVerified) {
            details.put("tls_ca_bundle", bundleName);
        }
        details.put("tls_host_name_checked", hostNameChecked);
        details.put("tls_server_subject", serverSubject);
        details.put(
                "tls_server_expires",
                serverNotAfter.truncatedTo(ChronoUnit.SECONDS).toString());
        return details;
    }
}
