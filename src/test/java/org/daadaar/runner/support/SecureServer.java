package org.daadaar.runner.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.local.LocalDatabase;

/**
 * A PostgreSQL like a production one: TLS with a certificate for "localhost" signed by a CA made
 * here, and passwords checked (scram-sha-256) for every user but the local superuser. It needs
 * files on this host, so it is always an embedded server, whatever the shared test server is.
 */
public final class SecureServer implements AutoCloseable {
    public static final String APP_USER = "app_user";

    private final LocalDatabase server;
    private final Path ca;
    private final Path foreignCa;

    private SecureServer(LocalDatabase server, Path ca, Path foreignCa) {
        this.server = server;
        this.ca = ca;
        this.foreignCa = foreignCa;
    }

    /** @param appPassword the password of {@link #APP_USER}, who must log in with it */
    public static SecureServer start(Path dir, String appPassword) throws Exception {
        TestCertificates authority = TestCertificates.newAuthority("db-runner test CA");
        Path ca = authority.writeCa(dir.resolve("ca.pem"));
        Path foreignCa = TestCertificates.newAuthority("someone else's CA").writeCa(dir.resolve("foreign-ca.pem"));
        TestCertificates.ServerFiles files = authority.writeServer(dir, "localhost");
        // The embedded starter logs in as postgres without a password, so postgres stays trusted.
        Path hba = Files.writeString(dir.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        LocalDatabase server = LocalDatabase.startEmbedded(Map.of(
                "ssl", "on",
                "ssl_cert_file", files.certificate().toString(),
                "ssl_key_file", files.key().toString(),
                "hba_file", hba.toString(),
                "password_encryption", "scram-sha-256"));
        SecureServer secure = new SecureServer(server, ca, foreignCa);
        secure.setPassword(appPassword);
        return secure;
    }

    /** Changes the app user's password, as a rotation would. */
    public void setPassword(String password) throws SQLException {
        try (Connection c = TestDatabase.connect(server.url()); Statement st = c.createStatement()) {
            st.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + APP_USER + "') then"
                    + " create role " + APP_USER + " login; end if; end $$");
            st.execute("alter role " + APP_USER + " password '" + password.replace("'", "''") + "'");
        }
    }

    public int port() {
        return server.url().port();
    }

    /** The app user's URL on the given host name, without a password. */
    public String url(String host) {
        return "postgresql://" + APP_USER + "@" + host + ":" + port() + "/postgres";
    }

    public DatabaseUrl superuserUrl() {
        return server.url();
    }

    public Path ca() {
        return ca;
    }

    public Path foreignCa() {
        return foreignCa;
    }

    @Override
    public void close() {
        server.close();
    }
}
