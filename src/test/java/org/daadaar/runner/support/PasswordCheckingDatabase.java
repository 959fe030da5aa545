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
 * A PostgreSQL that checks passwords, unlike the test server, which trusts everyone. Only
 * postgres (the embedded starter's and our admin user) is trusted; every other role logs in with
 * scram-sha-256. One per test JVM, started on first use.
 */
public final class PasswordCheckingDatabase {
    private static final String HBA = """
            local all all              trust
            host  all postgres 127.0.0.1/32 trust
            host  all postgres ::1/128      trust
            host  all all      127.0.0.1/32 scram-sha-256
            host  all all      ::1/128      scram-sha-256
            """;

    private static LocalDatabase server;

    private PasswordCheckingDatabase() {}

    private static synchronized LocalDatabase server() {
        if (server == null) {
            try {
                Path hba = Files.createTempFile("db-runner-pg_hba", ".conf");
                Files.writeString(hba, HBA);
                hba.toFile().deleteOnExit();
                server = LocalDatabase.startEmbedded(Map.of("hba_file", hba.toAbsolutePath().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** Creates the role, or changes its password, and returns where it logs in (password included). */
    public static DatabaseUrl role(String name, String password) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain role name: " + name);
        }
        DatabaseUrl admin = server().url();
        try (Connection c = TestDatabase.connect(admin); Statement st = c.createStatement()) {
            st.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + name + "') then"
                    + " create role " + name + " login; end if; end $$");
            st.execute("alter role " + name + " password '" + password.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up role " + name, e);
        }
        return admin.withUser(name).withPassword(password);
    }
}
