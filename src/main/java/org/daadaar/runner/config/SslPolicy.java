package org.daadaar.runner.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.daadaar.runner.RunnerException;

/**
 * Decides how to use TLS, before anything touches the network. An explicit mode is used as given,
 * but a mode that may fall back to clear text is refused for any host that is not loopback: a
 * CodeBuild job must never send production credentials unencrypted because of a typo. Without an
 * explicit mode, any host that is not loopback gets verify-full, against the given bundle, else
 * the image's, else the copy in the jar: require, which checks nothing, only when named.
 */
public final class SslPolicy {
    /** Where the container image puts the RDS global CA bundle (see Dockerfile). */
    public static final Path IMAGE_CA_BUNDLE = Path.of("/opt/db-runner/rds-global-bundle.pem");

    private final Path imageBundle;

    private SslPolicy(Path imageBundle) {
        this.imageBundle = imageBundle;
    }

    public static SslPolicy withImageBundle(Path imageBundle) {
        return new SslPolicy(imageBundle);
    }

    public static SslPolicy standard() {
        return new SslPolicy(IMAGE_CA_BUNDLE);
    }

    /** Ranks each setting flag, then URL, then environment, then (for the bundle) the image's, then the jar's. */
    public Tls decide(DatabaseUrl url, TlsRequest request) {
        String explicit =
                firstNonNull(request.flagMode(), url.property("sslmode").orElse(null), request.envMode());
        boolean loopback = isLoopback(url.host());
        SslMode chosen;
        if (explicit != null) {
            chosen = SslMode.parse(explicit, "sslmode");
            if (chosen.mayBePlaintext() && !loopback) {
                throw RunnerException.badInput("sslmode=" + chosen.value() + " is refused for " + url.host()
                        + ", which is not a loopback address: it could send the password in clear text;"
                        + " use verify-full (the default), with --ssl-root-cert for a CA other than RDS's");
            }
        } else {
            chosen = loopback ? SslMode.PREFER : SslMode.VERIFY_FULL;
        }
        String given =
                firstNonNull(request.flagRootCert(), url.property("sslrootcert").orElse(null), request.envRootCert());
        if (given != null) {
            return new Tls(chosen, readable(given), given);
        }
        if (!chosen.verifiesCertificate()) {
            return new Tls(chosen, null, null);
        }
        if (Files.isReadable(imageBundle)) {
            return new Tls(chosen, imageBundle, imageBundle.toString());
        }
        return new Tls(chosen, PackagedCaBundle.file(), PackagedCaBundle.NAME);
    }

    private static Path readable(String given) {
        Path path = Path.of(given);
        if (!Files.isReadable(path)) {
            throw RunnerException.badInput("the CA bundle " + given + " (--ssl-root-cert, PGSSLROOTCERT or"
                    + " sslrootcert) does not exist or cannot be read");
        }
        return path;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** Decides from the literal text only: a name other than localhost is never looked up here. */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The TLS settings that a connection will use.
     *
     * @param rootCert the CA bundle file pgjdbc reads, or null when the mode checks no certificate
     * @param rootCertName how to name the bundle to a person: the path, or what the temp file is
     */
    public record Tls(SslMode mode, Path rootCert, String rootCertName) {
        public Tls(SslMode mode, Path rootCert) {
            this(mode, rootCert, rootCert == null ? null : rootCert.toString());
        }
    }
}
