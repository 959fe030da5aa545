package org.daadaar.runner.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.PGProperty;

/**
 * Which URL parameters are accepted, and what they become. Both URL forms get an allow-list: a
 * JDBC URL used to pass anything to pgjdbc, and pgjdbc lets a URL name the classes that check the
 * server's certificate and host name, so {@code sslfactory=...NonValidatingFactory} silently
 * turned verify-full into no verification at all.
 */
final class UrlParameters {
    /** libpq parameter name -> pgjdbc property name. */
    private static final Map<String, String> LIBPQ = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "options", "options",
            "target_session_attrs", "targetServerType",
            "channel_binding", "channelBinding");

    /** pgjdbc properties a JDBC URL may set (checked against 42.7.14's PGProperty list). */
    private static final Set<String> JDBC = Set.of(
            "sslmode",
            "sslrootcert",
            "sslcert",
            "sslkey",
            "ApplicationName",
            "connectTimeout",
            "options",
            "targetServerType",
            "currentSchema",
            "channelBinding",
            "ssl");

    /** Refused by name, with the reason, in either form: each one can undo a guarantee of the runner. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("sslfactory", "it replaces the TLS socket factory, which can switch certificate checks off"),
            Map.entry("sslfactoryarg", "it configures a replaced TLS socket factory"),
            Map.entry("sslhostnameverifier", "it replaces the check that the certificate names the host"),
            Map.entry("socketFactory", "it replaces the socket factory that carries the connection"),
            Map.entry("socketFactoryArg", "it configures a replaced socket factory"),
            Map.entry("sslpasswordcallback", "it names a class that supplies passwords"),
            Map.entry("sslpassword", "it puts a key's password in the URL; use a client key without one"),
            Map.entry("authenticationPluginClassName", "it replaces how the password is supplied"),
            Map.entry("loggerLevel", "it turns on the driver's own logging, which bypasses the runner's masking"),
            Map.entry("loggerFile", "it makes the driver write its own log file"),
            Map.entry("connectExecutor", "it names a class for the driver to load"),
            Map.entry("xmlFactoryFactory", "it names a class for the driver to load"),
            Map.entry("classLoaderStrategy", "it changes where the driver loads classes from"),
            Map.entry("service", "it reads settings from a pg_service.conf file"),
            Map.entry("requireAuth", "db-runner sets it: no clear-text or MD5 password over an unverified connection"),
            Map.entry("require_auth", "db-runner sets it: no clear-text or MD5 password over an unverified connection"),
            Map.entry("socketTimeout", "db-runner sets it from --statement-timeout and --lock-timeout"),
            Map.entry("loginTimeout", "db-runner sets it from --connect-timeout"),
            Map.entry("tcpKeepAlive", "db-runner sets it"),
            Map.entry("hostaddr", "db-runner connects to the host it names, by name"),
            Map.entry("passfile", "db-runner reads the password from the URL or a secret only"));

    /**
     * libpq keywords that are not accepted: safe to print, since they are names libpq documents
     * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS) rather than
     * pieces of a password that an unencoded '&' cut off.
     */
    private static final Set<String> OTHER_LIBPQ_KEYWORDS = Set.of(
            "dbname",
            "client_encoding",
            "fallback_application_name",
            "keepalives",
            "keepalives_idle",
            "keepalives_interval",
            "keepalives_count",
            "tcp_user_timeout",
            "replication",
            "gssencmode",
            "sslnegotiation",
            "sslcompression",
            "sslcertmode",
            "sslcrl",
            "sslcrldir",
            "sslsni",
            "requirepeer",
            "ssl_min_protocol_version",
            "ssl_max_protocol_version",
            "krbsrvname",
            "gsslib",
            "gssdelegation",
            "load_balance_hosts",
            "sslkeylogfile");

    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private static final Set<String> TARGET_SERVER_TYPES =
            Set.of("any", "primary", "secondary", "preferPrimary", "preferSecondary");

    private UrlParameters() {}

    /**
     * Whether a name may be printed: one of ours, libpq's or pgjdbc's. Any other name may be the
     * tail of a password, cut off by an unencoded '&'.
     */
    static boolean isKnownName(String name) {
        return LIBPQ.containsKey(name)
                || JDBC.contains(name)
                || REFUSED.containsKey(name)
                || OTHER_LIBPQ_KEYWORDS.contains(name)
                || PGProperty.forName(name) != null
                || Set.of("user", "password", "host", "port").contains(name);
    }

    /** The pgjdbc property for a parameter, or a refusal naming it. */
    static String propertyName(String name, boolean jdbc) {
        String why = REFUSED.get(name);
        if (why != null) {
            throw new DatabaseUrlException("the URL parameter '" + name + "' is refused: " + why);
        }
        String property = jdbc ? (JDBC.contains(name) ? name : null) : LIBPQ.get(name);
        if (property == null) {
            throw new DatabaseUrlException(
                    (isKnownName(name) ? "the URL parameter '" + name + "'" : "a URL parameter (not shown)")
                            + " is not supported; " + supported(jdbc));
        }
        return property;
    }

    /**
     * Checks a value; {@code showValue} is false once a password parameter came before it, since
     * an unencoded '&' in the password makes its tail look like a further parameter.
     */
    static String value(String property, String value, boolean showValue) {
        String shown = showValue && value.matches("[A-Za-z0-9_.-]{1,30}") ? " (was '" + value + "')" : "";
        switch (property) {
            case "sslmode" -> {
                if (!SslMode.names().contains(value)) {
                    throw new DatabaseUrlException(
                            "sslmode must be one of " + String.join(", ", SslMode.names()) + shown);
                }
            }
            case "targetServerType" -> {
                String mapped = TARGET_SESSION_ATTRS.get(value);
                if (mapped != null) {
                    return mapped;
                }
                if (!TARGET_SERVER_TYPES.contains(value)) {
                    throw new DatabaseUrlException("target_session_attrs (targetServerType) must be one of "
                            + String.join(", ", new TreeSet<>(TARGET_SESSION_ATTRS.keySet())) + shown);
                }
            }
            case "connectTimeout" -> {
                if (!value.matches("\\d{1,6}")) {
                    throw new DatabaseUrlException("connect_timeout must be a whole number of seconds" + shown);
                }
            }
            case "channelBinding" -> {
                // disable would let an impostor relay a SCRAM exchange that binding would stop.
                if (!value.equals("prefer") && !value.equals("require")) {
                    throw new DatabaseUrlException(
                            "channel_binding (channelBinding) must be prefer or require" + shown);
                }
            }
            case "ssl" -> {
                // pgjdbc treats any value, even "false", as "TLS required"; the runner sets sslmode,
                // which pgjdbc ranks above ssl, so only the common ssl=true is accepted, as a no-op.
                if (!value.equals("true")) {
                    throw new DatabaseUrlException("ssl may only be true; use sslmode to choose the TLS mode");
                }
            }
            default -> {}
        }
        return value;
    }

    private static String supported(boolean jdbc) {
        TreeSet<String> names = new TreeSet<>(jdbc ? JDBC : LIBPQ.keySet());
        names.addAll(jdbc ? Set.of("user", "password") : Set.of("user", "password", "dbname", "host", "port"));
        return "supported: " + String.join(", ", names)
                + " (a password holding '&', '=', '?', '@' or '/' must be percent-encoded: %26, %3D, %3F, %40, %2F)";
    }
}
