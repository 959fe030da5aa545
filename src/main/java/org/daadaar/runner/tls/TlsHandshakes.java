package org.daadaar.runner.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The latest TLS handshake per connection key. pgjdbc builds the factory and the host name
 * verifier itself, from class names, and gives them only the connection's properties; nor does a
 * JDBC connection expose its socket. So the runner puts a key in the properties
 * ({@link #KEY_PROPERTY}: host, port, sslmode and bundle, never a secret) and reads the handshake
 * back under the same key. Every connection under one key is made with the same settings.
 */
public final class TlsHandshakes {
    /** A property pgjdbc does not know and ignores, except for handing it to our factory. */
    public static final String KEY_PROPERTY = "dbRunnerTlsKey";

    private static final ConcurrentMap<String, Recording> LATEST = new ConcurrentHashMap<>();

    private TlsHandshakes() {}

    static void socketCreated(String key, SSLSocket socket, String sslMode, String rootCert) {
        LATEST.put(key, new Recording(socket, sslMode, rootCert));
    }

    static void hostNameChecked(String key, SSLSession session, String host, boolean matches) {
        Recording recording = LATEST.get(key);
        if (recording != null && recording.socket.getSession() == session) {
            recording.checkedHost = host;
            recording.hostMatches = matches;
        }
    }

    /** What the latest completed handshake under {@code key} established, if any. */
    public static Optional<TlsHandshake> latest(String key) {
        Recording recording = LATEST.get(key);
        if (recording == null) {
            return Optional.empty();
        }
        SSLSession session = recording.socket.getSession();
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        X509Certificate[] x509 = Arrays.stream(chain)
                .filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
        if (x509.length == 0) {
            return Optional.empty();
        }
        boolean driverChecksChain = "verify-ca".equals(recording.sslMode) || "verify-full".equals(recording.sslMode);
        boolean chainVerified = driverChecksChain && recording.rootCert != null && chains(x509, recording.rootCert);
        return Optional.of(new TlsHandshake(
                session.getProtocol(),
                session.getCipherSuite(),
                recording.sslMode,
                chainVerified,
                recording.checkedHost != null && recording.hostMatches,
                recording.checkedHost,
                x509[0].getSubjectX500Principal().getName(),
                x509[0].getNotAfter().toInstant()));
    }

    /**
     * Checks the chain the server sent against the bundle once more, ourselves, so that
     * "verified" is the outcome of a check rather than the name of the mode.
     */
    private static boolean chains(X509Certificate[] chain, String bundle) {
        try (InputStream in = Files.newInputStream(Path.of(bundle))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Set<TrustAnchor> anchors = factory.generateCertificates(in).stream()
                    .map(c -> new TrustAnchor((X509Certificate) c, null))
                    .collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            // As pgjdbc's verify-full: no revocation check (there is no CRL or OCSP for RDS CAs).
            parameters.setRevocationEnabled(false);
            java.security.cert.CertPathValidator.getInstance("PKIX")
                    .validate(factory.generateCertPath(Arrays.asList(chain)), parameters);
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static final class Recording {
        final SSLSocket socket;
        final String sslMode;
        final String rootCert;
        volatile String checkedHost;
        volatile boolean hostMatches;

        Recording(SSLSocket socket, String sslMode, String rootCert) {
            this.socket = socket;
            this.sslMode = sslMode;
            this.rootCert = rootCert;
        }
    }
}
