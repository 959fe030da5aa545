package org.daadaar.runner.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
        // The outcome of the driver's own check: in verify-ca and verify-full, pgjdbc's factory (which
        // ObservedTlsFactory is) hands the handshake a PKIX trust manager over exactly this bundle,
        // and a handshake whose chain it rejects never completes, so there are no peer certificates
        // to read above. (Validating the chain once more here cost a parse of the bundle and a
        // second PKIX run on every ping and doctor.)
        boolean driverChecksChain = "verify-ca".equals(recording.sslMode) || "verify-full".equals(recording.sslMode);
        boolean chainVerified = driverChecksChain && recording.rootCert != null;
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
