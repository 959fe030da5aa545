package org.daadaar.runner.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Properties;
import org.daadaar.runner.tls.ObservedHostnameVerifier;
import org.daadaar.runner.tls.ObservedTlsFactory;
import org.daadaar.runner.tls.TlsHandshakes;

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

    /** Ties a connection's handshake to this run's reports; the same for every connection made with these settings. */
    public String tlsKey() {
        return url.host() + ":" + url.port() + " " + tls.mode().value() + " " + tls.rootCert();
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
        // The runner's own factory and host name check: pgjdbc's, recorded for ping and doctor.
        p.setProperty("sslfactory", ObservedTlsFactory.class.getName());
        p.setProperty("sslhostnameverifier", ObservedHostnameVerifier.class.getName());
        p.setProperty(TlsHandshakes.KEY_PROPERTY, tlsKey());
        if (tls.mode() == SslMode.REQUIRE) {
            // require encrypts but checks no certificate, so the peer may be an impostor: it must
            // not get the password in clear text (AuthenticationCleartextPassword) nor an MD5 hash
            // of it (offline-crackable, for a salt it chose). pgjdbc then refuses before sending
            // anything; SCRAM proves the password without revealing it. The modes that may be
            // plaintext only ever reach loopback hosts (SslPolicy), where nothing leaves the machine.
            p.setProperty("requireAuth", "!password,!md5");
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
