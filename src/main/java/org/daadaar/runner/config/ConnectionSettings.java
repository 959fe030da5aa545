package org.daadaar.runner.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Properties;
import org.daadaar.runner.iamauth.IamLogin;
import org.daadaar.runner.tls.ObservedHostnameVerifier;
import org.daadaar.runner.tls.ObservedTlsFactory;
import org.daadaar.runner.tls.TlsHandshakes;

/**
 * Everything needed to open a session: where, who, how securely, and the session's limits.
 *
 * @param iamLogin the RDS IAM token login that replaces the password (--iam-auth), or null
 */
public record ConnectionSettings(
        DatabaseUrl url,
        SslPolicy.Tls tls,
        Duration connectTimeout,
        Duration lockTimeout,
        Duration statementTimeout,
        String applicationName,
        IamLogin iamLogin) {

    public ConnectionSettings {
        requireNonNull(url, "url");
        requireNonNull(tls, "tls");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(lockTimeout, "lockTimeout");
        requireNonNull(statementTimeout, "statementTimeout");
        requireNonNull(applicationName, "applicationName");
    }

    /** A login by the URL's password. */
    public ConnectionSettings(
            DatabaseUrl url,
            SslPolicy.Tls tls,
            Duration connectTimeout,
            Duration lockTimeout,
            Duration statementTimeout,
            String applicationName) {
        this(url, tls, connectTimeout, lockTimeout, statementTimeout, applicationName, null);
    }

    public ConnectionSettings withUrl(DatabaseUrl newUrl) {
        return new ConnectionSettings(
                newUrl, tls, connectTimeout, lockTimeout, statementTimeout, applicationName, iamLogin);
    }

    /** Ties a connection's handshake to this run's reports; the same for every connection made with these settings. */
    public String tlsKey() {
        return url.host() + ":" + url.port() + " " + tls.mode().value() + " " + tls.rootCert();
    }

    /**
     * The TCP connect's limit plus a second: a connect that the security group drops then always
     * fails as "Connect timed out", and only a server that accepted TCP and said nothing reaches
     * the login timeout, so that each gets its own hint.
     */
    public Duration loginTimeout() {
        return Duration.ofSeconds(Math.max(1, connectTimeout.toSeconds()) + 1);
    }

    /** How long a silent session is given, by the runner and by the server; see {@link StallBounds}. */
    public StallBounds stallBounds() {
        return StallBounds.of(lockTimeout, statementTimeout);
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
        if (iamLogin != null) {
            iamLogin.applyTo(p, url.host(), url.port(), url.user());
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
        p.setProperty("loginTimeout", Long.toString(loginTimeout().toSeconds()));
        p.putIfAbsent("ApplicationName", applicationName);
        StallBounds stall = stallBounds();
        // Every read has a bound (none with statement_timeout 0; see StallBounds). Keepalive on the
        // client uses the operating system's timing, which Java cannot set per socket through
        // pgjdbc; the read bound is what ends a stalled run.
        p.setProperty("tcpKeepAlive", "true");
        // The runner logs in with a password or an IAM token, never Kerberos: no GSS encryption
        // probe (pgjdbc's default, allow, loads the JDK's GSS classes to look for credentials),
        // so the image's runtime leaves java.security.jgss out.
        p.setProperty("gssEncMode", "disable");
        p.setProperty("socketTimeout", Long.toString(stall.read().toSeconds()));
        // The cancel sent on SIGTERM must not wait longer than a connection may.
        p.setProperty("cancelSignalTimeout", seconds);
        // Set at session start through the startup packet: no extra round trip, and no session
        // can run a statement before its limits apply. The server-side idle and keepalive limits
        // free what a runner that vanished mid-transaction held.
        String limits = "-c lock_timeout=" + lockTimeout.toMillis()
                + " -c statement_timeout=" + statementTimeout.toMillis()
                + " -c idle_in_transaction_session_timeout="
                + stall.idleInTransaction().toMillis()
                + " -c tcp_keepalives_idle=" + StallBounds.KEEPALIVE_IDLE_SECONDS
                + " -c tcp_keepalives_interval=" + StallBounds.KEEPALIVE_INTERVAL_SECONDS
                + " -c tcp_keepalives_count=" + StallBounds.KEEPALIVE_COUNT;
        p.setProperty(
                "options", url.property("options").map(o -> o + " " + limits).orElse(limits));
        return p;
    }
}
