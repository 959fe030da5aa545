package org.daadaar.runner.tls;

import java.util.Properties;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import org.postgresql.ssl.PGjdbcHostnameVerifier;

/**
 * pgjdbc's host name check, recorded: pgjdbc calls it only for verify-full, so whether it ran,
 * and for which name, is known rather than inferred from the mode.
 */
public final class ObservedHostnameVerifier implements HostnameVerifier {
    private final String key;

    /** pgjdbc calls this constructor with the connection's properties. */
    public ObservedHostnameVerifier(Properties info) {
        this.key = info.getProperty(TlsHandshakes.KEY_PROPERTY);
    }

    @Override
    public boolean verify(String hostname, SSLSession session) {
        boolean matches = PGjdbcHostnameVerifier.INSTANCE.verify(hostname, session);
        if (key != null) {
            TlsHandshakes.hostNameChecked(key, session, hostname, matches);
        }
        return matches;
    }
}
