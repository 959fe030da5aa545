package org.daadaar.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.local.LocalDatabase;

/**
 * A PostgreSQL like a production one, unlike the shared test server, which trusts everyone: TLS
 * with a certificate for "localhost" signed by a CA made here, and passwords checked
 * (scram-sha-256) for every role but postgres (the embedded starter's and our admin user). It
 * needs files on this host, so it is always embedded. One per test JVM, started on first use.
 */
public final class SecureServer {
    private static final String HBA =
            """
            local all all              trust
            host  all postgres 127.0.0.1/32 trust
            host  all postgres ::1/128      trust
            host  all all      127.0.0.1/32 scram-sha-256
            host  all all      ::1/128      scram-sha-256
            """;

    private static SecureServer shared;

    private final LocalDatabase server;
    private final Path ca;
    private final Path foreignCa;

    private SecureServer(LocalDatabase server, Path ca, Path foreignCa) {
        this.server = server;
        this.ca = ca;
        this.foreignCa = foreignCa;
    }

    public static synchronized SecureServer shared() {
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory("db-runner-secure-server"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the TLS, password-checking PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::close));
        }
        return shared;
    }

    private static SecureServer start(Path dir) throws Exception {
        TestCertificates authority = TestCertificates.newAuthority("db-runner test CA");
        Path ca = authority.writeCa(dir.resolve("ca.pem"));
        Path foreignCa = TestCertificates.newAuthority("someone else's CA").writeCa(dir.resolve("foreign-ca.pem"));
        TestCertificates.ServerFiles files = authority.writeServer(dir, "localhost");
        Path hba = Files.writeString(dir.resolve("pg_hba.conf"), HBA);
        LocalDatabase server = LocalDatabase.startEmbedded(Map.of(
                "ssl", "on",
                "ssl_cert_file", files.certificate().toString(),
                "ssl_key_file", files.key().toString(),
                "hba_file", hba.toString(),
                "password_encryption", "scram-sha-256"));
        return new SecureServer(server, ca, foreignCa);
    }

    /** Creates the role, or changes its password as a rotation would; returns its URL, password included. */
    public DatabaseUrl role(String name, String password) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain role name: " + name);
        }
        try (Connection c = TestDatabase.connect(server.url());
                Statement st = c.createStatement()) {
            st.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + name + "') then"
                    + " create role " + name + " login; end if; end $$");
            st.execute("alter role " + name + " password '" + password.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up role " + name, e);
        }
        DatabaseUrl base = server.url();
        return new DatabaseUrl(base.host(), base.port(), base.database(), name, password, base.properties());
    }

    public int port() {
        return server.url().port();
    }

    public Path ca() {
        return ca;
    }

    public Path foreignCa() {
        return foreignCa;
    }
}
