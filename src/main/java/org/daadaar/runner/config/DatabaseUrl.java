package org.daadaar.runner.config;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A database location split into its parts. The password is kept apart from everything that
 * might be printed: {@link #jdbcUrl()} and {@link #toString()} never contain it.
 *
 * @param properties pgjdbc connection properties from the URL (sslmode, options, ...), never
 *     user or password
 */
public record DatabaseUrl(
        String host, int port, String database, String user, String password, Map<String, String> properties) {

    public static final int DEFAULT_PORT = 5432;

    public DatabaseUrl {
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        properties = Map.copyOf(properties);
    }

    /** Parses a libpq URI (postgresql://, postgres://) or a JDBC URL (jdbc:postgresql://). */
    public static DatabaseUrl parse(String url) {
        return DatabaseUrlParser.parse(url);
    }

    public DatabaseUrl withPassword(String newPassword) {
        return new DatabaseUrl(host, port, database, user, newPassword, properties);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The URL that pgjdbc gets: location only; credentials and settings travel as properties. */
    public String jdbcUrl() {
        // pgjdbc decodes the path with URLDecoder, which reads '+' as a space: URLEncoder's own
        // output, with the space written %20 so that no '+' is left to misread.
        return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The form for logs and errors: {@code postgresql://user:****@host:5432/db}. */
    public String masked() {
        String credentials = user == null ? "" : user + (password == null ? "" : ":****") + "@";
        return "postgresql://" + credentials + hostForUrl() + ":" + port + "/" + database;
    }

    private String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return masked();
    }
}
