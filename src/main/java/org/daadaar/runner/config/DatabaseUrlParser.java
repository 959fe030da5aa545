package org.daadaar.runner.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a libpq URI or a JDBC URL into a {@link DatabaseUrl}. pgjdbc does not accept libpq URIs,
 * and CodeBuild secrets usually hold one, so we follow libpq's rules ourselves
 * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS): credentials
 * end at the first '@' unless a '/' comes first, and only %XX escapes are decoded.
 *
 * <p>No message here quotes the user information or a password parameter, or anything that may be
 * a piece of one: a password pasted without percent-encoding is cut at its '@', '/', '?' or '&',
 * and the pieces land where a host, a port or a parameter name is expected. Such URLs are refused
 * with a hint to percent-encode, rather than shown, or sent to DNS as a host name.
 */
final class DatabaseUrlParser {
    private static final String ENCODE_HINT = "percent-encode '@', '/', ':', '?', '&' and '=' in the user name and"
            + " password (%40, %2F, %3A, %3F, %26, %3D)";

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
        int at = indexOfCredentialsEnd(rest, jdbc);
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
        if (!jdbc && rest.indexOf('@') >= 0) {
            // libpq would take the text before the first '@' as credentials and the rest as the host:
            // with "user:Secr3t@Tail@host" the tail of the password would be looked up in DNS and
            // printed as the host name. No host or database name holds a raw '@'.
            throw new DatabaseUrlException(
                    "the URL has an '@' after the credentials, so the user name or password holds an unencoded '@';"
                            + " " + ENCODE_HINT);
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
        boolean afterPassword = false;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            boolean known = UrlParameters.isKnownName(rawName);
            if (afterPassword && !known) {
                throw new DatabaseUrlException(
                        "the URL has text after the password parameter that is not a known parameter,"
                                + " so the password holds an unencoded '&' (not shown); " + ENCODE_HINT);
            }
            if (eq <= 0) {
                throw new DatabaseUrlException(
                        known
                                ? "the URL parameter '" + rawName + "' has no value (expected name=value)"
                                : "a URL parameter has no value (expected name=value; it is not shown, in case it is part"
                                        + " of a password); " + ENCODE_HINT);
            }
            String name = PercentDecoder.decode(rawName, "URL parameter name");
            String value = PercentDecoder.decode(
                    pair.substring(eq + 1),
                    "value of URL parameter " + (UrlParameters.isKnownName(name) ? name : "(not shown)"));
            switch (name) {
                case "user" -> user = value;
                case "password" -> {
                    password = value;
                    afterPassword = true;
                }
                case "dbname" -> {
                    if (jdbc) {
                        throw new DatabaseUrlException(
                                "a JDBC URL names the database in its path: jdbc:postgresql://host:5432/DATABASE");
                    }
                    database = value;
                }
                case "host" -> {
                    if (jdbc) {
                        throw new DatabaseUrlException(
                                "a JDBC URL names the host before the path: jdbc:postgresql://HOST:5432/db");
                    }
                    host = HostPort.parse(value).host();
                }
                case "port" -> {
                    if (jdbc) {
                        throw new DatabaseUrlException(
                                "a JDBC URL names the port after the host: jdbc:postgresql://host:PORT/db");
                    }
                    port = HostPort.parsePort(value);
                }
                default -> {
                    String property = UrlParameters.propertyName(name, jdbc);
                    String checked = UrlParameters.value(property, value, !afterPassword);
                    if (!property.equals("ssl")) {
                        properties.put(property, checked);
                    }
                }
            }
        }
        if (host.isEmpty() || host.startsWith("/") || host.startsWith("@")) {
            throw unixSocket(
                    host.isEmpty()
                            ? "the URL names no host, which libpq takes as its default Unix-domain socket"
                            : "the URL names a Unix-domain socket");
        }
        if (database.isEmpty()) {
            // libpq's rule: the database defaults to the user name.
            if (user == null || user.isEmpty()) {
                throw new DatabaseUrlException(
                        "the URL names neither a database nor a user; write" + " postgresql://user@host:5432/DATABASE");
            }
            database = user;
        }
        return new DatabaseUrl(host, port, database, user, password, properties);
    }

    /**
     * libpq takes a host that starts with '/' (in the host= parameter, or percent-encoded before
     * the path) as the directory of a Unix-domain socket. pgjdbc connects over TCP only, and a
     * socket only serves a database on the same machine, which a CodeBuild job never has.
     */
    private static DatabaseUrlException unixSocket(String what) {
        return new DatabaseUrlException(what + ": Unix-domain sockets are not supported, db-runner connects over TCP;"
                + " name the host, as postgresql://user@HOST:5432/db (for a server on this machine,"
                + " postgresql://user@localhost:5432/db)");
    }

    /**
     * libpq: the credentials end at the first '@', unless a '/' comes before it. A JDBC URL has
     * none, and its query may hold an '@' in a password, so there the search also ends at '?'.
     */
    private static int indexOfCredentialsEnd(String rest, boolean jdbc) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '@') {
                return i;
            }
            if (c == '/' || (jdbc && c == '?')) {
                return -1;
            }
        }
        return -1;
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon);
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]{0,20}") ? scheme + ":" : "(no scheme)";
    }
}
