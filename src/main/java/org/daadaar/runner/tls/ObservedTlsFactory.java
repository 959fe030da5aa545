package org.daadaar.runner.tls;

import java.io.IOException;
import java.net.Socket;
import java.util.Properties;
import javax.net.ssl.SSLSocket;
import org.postgresql.ssl.LibPQFactory;
import org.postgresql.util.PSQLException;

/**
 * pgjdbc's own factory (same trust and key handling for every sslmode), which also hands each
 * TLS socket to {@link TlsHandshakes}, so that ping and doctor report the handshake itself. The
 * runner sets it as {@code sslfactory}; a URL can name no factory at all (config/UrlParameters).
 */
public final class ObservedTlsFactory extends LibPQFactory {
    private final String key;
    private final String sslMode;
    private final String rootCert;

    /** pgjdbc calls this constructor with the connection's properties. */
    public ObservedTlsFactory(Properties info) throws PSQLException {
        super(info);
        this.key = info.getProperty(TlsHandshakes.KEY_PROPERTY);
        this.sslMode = info.getProperty("sslmode");
        this.rootCert = info.getProperty("sslrootcert");
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        Socket created = super.createSocket(socket, host, port, autoClose);
        if (key != null && created instanceof SSLSocket tls) {
            TlsHandshakes.socketCreated(key, tls, sslMode, rootCert);
        }
        return created;
    }
}
