package org.daadaar.runner.config;

import java.util.Arrays;
import java.util.List;

/** libpq's sslmode values, which pgjdbc shares. */
public enum SslMode {
    DISABLE,
    ALLOW,
    PREFER,
    /** Encrypts, but pgjdbc does not check the certificate at all: a man in the middle is not detected. */
    REQUIRE,
    VERIFY_CA,
    VERIFY_FULL;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Modes that may send data in clear text or to an unverified peer on a path we do not own. */
    public boolean mayBePlaintext() {
        return this == DISABLE || this == ALLOW || this == PREFER;
    }

    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    public static SslMode parse(String value, String source) {
        return Arrays.stream(values())
                .filter(m -> m.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new DatabaseUrlException(
                        source + " '" + value + "' is not one of " + String.join(", ", names())));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(SslMode::value).toList();
    }
}
