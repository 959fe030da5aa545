package org.daadaar.runner.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.daadaar.runner.RunnerException;

/**
 * Decides how to use TLS, before anything touches the network. An explicit mode is used as given,
 * but a mode that may fall back to clear text is refused for any host that is not loopback: a
 * CodeBuild job must never send production credentials unencrypted because of a typo.
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

    /** Ranks each setting flag, then URL, then environment, then (for the bundle) the image's. */
    public Tls decide(DatabaseUrl url, TlsRequest request) {
        Optional<Path> caBundle = caBundle(
                firstNonNull(request.flagRootCert(), url.property("sslrootcert").orElse(null), request.envRootCert()));
        String explicit =
                firstNonNull(request.flagMode(), url.property("sslmode").orElse(null), request.envMode());
        boolean loopback = isLoopback(url.host());
        SslMode chosen;
        if (explicit != null) {
            chosen = SslMode.parse(explicit, "sslmode");
            if (chosen.mayBePlaintext() && !loopback) {
                throw RunnerException.badInput("sslmode=" + chosen.value() + " is refused for " + url.host()
                        + ", which is not a loopback address: it could send the password in clear text;"
                        + " use verify-full with --ssl-root-cert (or require)");
            }
        } else if (loopback) {
            chosen = SslMode.PREFER;
        } else {
            chosen = caBundle.isPresent() ? SslMode.VERIFY_FULL : SslMode.REQUIRE;
        }
        return new Tls(chosen, caBundle.orElse(null));
    }

    private Optional<Path> caBundle(String given) {
        if (given != null) {
            Path path = Path.of(given);
            if (!Files.isReadable(path)) {
                throw RunnerException.badInput("the CA bundle " + given + " (--ssl-root-cert, PGSSLROOTCERT or"
                        + " sslrootcert) does not exist or cannot be read");
            }
            return Optional.of(path);
        }
        return Files.isReadable(imageBundle) ? Optional.of(imageBundle) : Optional.empty();
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

    /** The TLS settings that a connection will use. */
    public record Tls(SslMode mode, Path rootCert) {}
}
