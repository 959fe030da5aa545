package org.daadaar.runner.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Properties;

/** Everything needed to open a session: where, who, how securely, and the session's limits. */
public record ConnectionSettings(
        DatabaseUrl url,
        SslPolicy.Tls tls,
        Duration connectTimeout,
        Duration lockTimeout,
        Duration statementTimeout,
        String applicationName) {

    public ConnectionSettings {
        requireNonNull(url, "url");
        requireNonNull(tls, "tls");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(lockTimeout, "lockTimeout");
        requireNonNull(statementTimeout, "statementTimeout");
        requireNonNull(applicationName, "applicationName");
    }

    public ConnectionSettings withUrl(DatabaseUrl newUrl) {
        return new ConnectionSettings(newUrl, tls, connectTimeout, lockTimeout, statementTimeout, applicationName);
    }

    /** pgjdbc properties; the only place the password leaves {@link DatabaseUrl}. */
    public Properties driverProperties() {
        Properties p = new Properties();
        url.properties().forEach(p::setProperty);
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("sslmode", tls.mode().value());
        if (tls.rootCert() != null) {
            p.setProperty("sslrootcert", tls.rootCert().toString());
        }
        String seconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.putIfAbsent("ApplicationName", applicationName);
        // Set at session start through the startup packet: no extra round trip, and no session
        // can run a statement before its limits apply.
        String limits =
                "-c lock_timeout=" + lockTimeout.toMillis() + " -c statement_timeout=" + statementTimeout.toMillis();
        p.setProperty(
                "options", url.property("options").map(o -> o + " " + limits).orElse(limits));
        return p;
    }
}
