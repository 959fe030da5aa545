package org.daadaar.runner.tasks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.tls.TlsHandshake;
import org.daadaar.runner.tls.TlsHandshakes;

/**
 * Connects and says to what, as whom, and how safely: TLS as the handshake established it
 * (protocol, chain checked against which bundle, host name checked, the server's certificate),
 * never the configured mode dressed up as a result.
 */
public final class PingTask implements ReadOnlyTask {
    private static final String SQL =
            """
            select current_setting('server_version'), current_user, current_database(),
                   coalesce(s.ssl, false), s.version
            from (select 1) one
            left join pg_stat_ssl s on s.pid = pg_backend_pid()
            """;

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public TaskResult run(TaskContext context) throws Exception {
        ConnectionSettings settings = context.settings();
        try (Connection c = context.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(SQL)) {
            rs.next();
            boolean tls = rs.getBoolean(4);
            Optional<TlsHandshake> handshake = tls ? TlsHandshakes.latest(settings.tlsKey()) : Optional.empty();
            String bundle = settings.tls().rootCertName();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("server_version", rs.getString(1));
            details.put("user", rs.getString(2));
            details.put("database", rs.getString(3));
            details.put("host", settings.url().host());
            details.put("port", settings.url().port());
            details.put("tls", tls);
            details.put("sslmode", settings.tls().mode().value());
            String tlsText;
            if (!tls) {
                tlsText = "TLS off";
            } else if (handshake.isPresent()) {
                details.putAll(handshake.get().details(bundle));
                tlsText = "TLS on (" + handshake.get().describe(bundle) + ")";
            } else {
                // The server says TLS, but no handshake was seen (a data source the runner did not
                // configure): nothing is claimed about the certificate.
                details.put("tls_version", rs.getString(5));
                details.put("tls_verified", false);
                tlsText =
                        "TLS on (" + rs.getString(5) + "), certificate checks unknown: the handshake was not observed";
            }
            String line = "ping: PostgreSQL " + rs.getString(1) + " at "
                    + settings.url().host() + ":"
                    + settings.url().port() + ", user " + rs.getString(2) + ", database " + rs.getString(3) + ", "
                    + tlsText;
            return new TaskResult(name(), TaskStatus.SUCCEEDED, details, List.of(line));
        }
    }
}
