package org.daadaar.runner.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a libpq URI or a JDBC URL into a {@link DatabaseUrl}. pgjdbc does not accept libpq URIs,
 * and CodeBuild secrets usually hold one, so we follow libpq's rules ourselves
 * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS): credentials
 * end at the first '@' unless a '/' comes first, and only %XX escapes are decoded.
 */
final class DatabaseUrlParser {
    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** libpq parameter name -> pgjdbc property name. Anything else in a libpq URI is refused. */
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "options", "options",
            "target_session_attrs", "targetServerType");

    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private DatabaseUrlParser() {}

    static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new DatabaseUrlException("the database URL is empty");
        }
        String trimmed = url.strip();
        if (trimmed.startsWith("postgresql://")) {
            return parse(trimmed.substring("postgresql://".length()), false);
        }
        if (trimmed.startsWith("postgres://")) {
            return parse(trimmed.substring("postgres://".length()), false);
        }
        if (trimmed.startsWith("jdbc:postgresql://")) {
            return parse(trimmed.substring("jdbc:postgresql://".length()), true);
        }
        throw new DatabaseUrlException("the database URL must start with postgresql://, postgres:// or"
                + " jdbc:postgresql:// (it starts with '" + schemeOf(trimmed) + "')");
    }

    private static DatabaseUrl parse(String rest, boolean jdbc) {
        String user = null;
        String password = null;
        int at = indexOfCredentialsEnd(rest);
        if (at >= 0) {
            if (jdbc) {
                throw new DatabaseUrlException(
                        "a JDBC URL carries credentials as ?user=...&password=...," + " not before the host");
            }
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = PercentDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            password = colon < 0 ? null : PercentDecoder.decode(userInfo.substring(colon + 1), "password");
        }

        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : PercentDecoder.decode(rest.substring(slash + 1), "database name");

        if (hostPort.contains(",")) {
            throw new DatabaseUrlException("the URL names several hosts; db-runner connects to exactly one");
        }
        HostPort parsed = HostPort.parse(hostPort);
        String host = parsed.host();
        int port = parsed.port();

        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new DatabaseUrlException(
                        "the URL parameter '" + safeName(pair) + "' has no value (expected name=value)");
            }
            String name = PercentDecoder.decode(pair.substring(0, eq), "URL parameter name");
            String value = PercentDecoder.decode(pair.substring(eq + 1), "value of URL parameter " + safeName(name));
            switch (name) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "dbname" -> {
                    if (jdbc) {
                        properties.put(name, value);
                    } else {
                        database = value;
                    }
                }
                case "host" -> host = jdbc ? host : HostPort.parse(value).host();
                case "port" -> port = jdbc ? port : HostPort.parsePort(value);
                default -> properties.put(jdbc ? name : pgjdbcName(name), jdbc ? value : libpqValue(name, value));
            }
        }
        if (host.isEmpty()) {
            throw new DatabaseUrlException("the URL names no host (a Unix socket is not supported); write"
                    + " postgresql://user@HOST:5432/db");
        }
        if (database.isEmpty()) {
            // libpq's rule: the database defaults to the user name.
            if (user == null || user.isEmpty()) {
                throw new DatabaseUrlException(
                        "the URL names neither a database nor a user; write" + " postgresql://user@host:5432/DATABASE");
            }
            database = user;
        }
        String sslMode = properties.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw new DatabaseUrlException(
                    "sslmode '" + sslMode + "' is not one of " + String.join(", ", SslMode.names()));
        }
        return new DatabaseUrl(host, port, database, user, password, properties);
    }

    /** libpq: the credentials end at the first '@', unless a '/' comes before it. */
    private static int indexOfCredentialsEnd(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '@') {
                return i;
            }
            if (c == '/') {
                return -1;
            }
        }
        return -1;
    }

    private static String pgjdbcName(String libpqName) {
        String name = LIBPQ_TO_PGJDBC.get(libpqName);
        if (name == null) {
            throw new DatabaseUrlException(
                    "the URL parameter '" + safeName(libpqName) + "' is not supported (supported: "
                            + String.join(", ", new java.util.TreeSet<>(LIBPQ_TO_PGJDBC.keySet()))
                            + ", user, password, dbname, host, port)");
        }
        return name;
    }

    private static String libpqValue(String libpqName, String value) {
        if (libpqName.equals("target_session_attrs")) {
            String mapped = TARGET_SESSION_ATTRS.get(value);
            if (mapped == null) {
                throw new DatabaseUrlException("target_session_attrs '" + value + "' is not one of "
                        + String.join(", ", new java.util.TreeSet<>(TARGET_SESSION_ATTRS.keySet())));
            }
            return mapped;
        }
        if (libpqName.equals("connect_timeout") && !value.matches("\\d{1,6}")) {
            throw new DatabaseUrlException("connect_timeout must be a whole number of seconds (was '" + value + "')");
        }
        return value;
    }

    /** A parameter name is printed only when it looks like one, so a pasted secret never is. */
    private static String safeName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,40}") ? name : "(unprintable)";
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon);
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]{0,20}") ? scheme + ":" : "(no scheme)";
    }
}
