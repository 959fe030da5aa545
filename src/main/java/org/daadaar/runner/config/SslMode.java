package org.daadaar.runner.config;

import java.util.Arrays;
import java.util.List;
import org.daadaar.runner.RunnerException;

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

    /**
     * @param source the setting's name for the message, such as --ssl-mode or PGSSLMODE
     * @throws RunnerException bad input (exit 2), before anything connects
     */
    public static SslMode parse(String value, String source) {
        return Arrays.stream(values())
                .filter(m -> m.value().equals(value))
                .findFirst()
                .orElseThrow(() -> RunnerException.badInput(source + " must be one of " + String.join(", ", names())
                        + (value.matches("[A-Za-z0-9_.-]{1,30}") ? " (was '" + value + "')" : "")));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(SslMode::value).toList();
    }
}
