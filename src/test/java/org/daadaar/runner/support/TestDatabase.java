package org.daadaar.runner.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.local.LocalDatabase;

/**
 * One PostgreSQL per test JVM: TEST_DATABASE_URL when set (its user needs CREATEDB), else the same
 * mechanism as --local (Docker when it answers, else embedded binaries). Each test class asks for
 * a fresh database of its own.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static DatabaseUrl admin;

    private TestDatabase() {}

    private static synchronized DatabaseUrl admin() {
        if (admin == null) {
            String given = System.getenv("TEST_DATABASE_URL");
            if (given != null && !given.isBlank()) {
                admin = DatabaseUrl.parse(given);
            } else {
                LocalDatabase local = LocalDatabase.start(Map.of());
                Runtime.getRuntime().addShutdownHook(new Thread(local::close));
                admin = local.url();
            }
        }
        return admin;
    }

    /** A new, empty database, named after the test class so a failure can be inspected. */
    public static DatabaseUrl fresh(Class<?> testClass) {
        String name = (testClass.getSimpleName() + "_" + ProcessHandle.current().pid() + "_"
                        + COUNTER.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        try (Connection c = connect(admin());
                Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        DatabaseUrl base = admin();
        return new DatabaseUrl(base.host(), base.port(), name, base.user(), base.password(), base.properties());
    }

    public static Connection connect(DatabaseUrl url) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        url.properties().forEach(p::setProperty);
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** The URL as a user would pass it with --database-url (password included, for the runner only). */
    public static String cliUrl(DatabaseUrl url) {
        StringBuilder s = new StringBuilder(url.jdbcUrl());
        String sep = "?";
        if (url.user() != null) {
            s.append(sep).append("user=").append(url.user());
            sep = "&";
        }
        if (url.password() != null) {
            s.append(sep)
                    .append("password=")
                    .append(java.net.URLEncoder.encode(url.password(), java.nio.charset.StandardCharsets.UTF_8));
            sep = "&";
        }
        for (Map.Entry<String, String> e : url.properties().entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return s.toString();
    }
}
