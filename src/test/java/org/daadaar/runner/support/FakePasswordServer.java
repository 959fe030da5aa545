package org.daadaar.runner.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An impostor on loopback: it accepts TLS with a self-signed certificate and, after the startup
 * message, asks for the password in clear text (AuthenticationCleartextPassword) or as MD5, and
 * keeps whatever password message arrives. Just enough of the protocol for that
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP).
 */
public final class FakePasswordServer implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int AUTH_CLEARTEXT = 3;
    private static final int AUTH_MD5 = 5;

    private final ServerSocket listener;
    private final SSLContext tls;
    private final int authType;
    private final List<String> passwordMessages = new CopyOnWriteArrayList<>();
    private final AtomicInteger passwordRequests = new AtomicInteger();
    private final Thread acceptor;

    private FakePasswordServer(SSLContext tls, int authType) throws IOException {
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.authType = authType;
        this.acceptor = new Thread(this::acceptAll, "fake-password-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FakePasswordServer askingForCleartext() throws Exception {
        return new FakePasswordServer(
                TestCertificates.newAuthority("localhost").selfSignedServerContext(), AUTH_CLEARTEXT);
    }

    public static FakePasswordServer askingForMd5() throws Exception {
        return new FakePasswordServer(TestCertificates.newAuthority("localhost").selfSignedServerContext(), AUTH_MD5);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many times the server got as far as asking for a password. */
    public int passwordRequests() {
        return passwordRequests.get();
    }

    /** The payload of every PasswordMessage received, as text. */
    public List<String> passwordMessages() {
        return List.copyOf(passwordMessages);
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try (Socket client = listener.accept()) {
                client.setSoTimeout(10_000);
                serve(client);
            } catch (IOException e) {
                // The client hung up or the server closed: wait for the next one.
            }
        }
    }

    private void serve(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        int length = in.readInt();
        int code = in.readInt();
        if (length != 8 || code != SSL_REQUEST) {
            return;
        }
        client.getOutputStream().write('S');
        client.getOutputStream().flush();
        SSLSocket secure = (SSLSocket) tls.getSocketFactory()
                .createSocket(client, client.getInetAddress().getHostAddress(), client.getPort(), false);
        secure.setUseClientMode(false);
        secure.startHandshake();
        DataInputStream tlsIn = new DataInputStream(secure.getInputStream());
        DataOutputStream tlsOut = new DataOutputStream(secure.getOutputStream());
        tlsIn.readFully(new byte[tlsIn.readInt() - 4]); // the startup message: user, database, options
        tlsOut.writeByte('R');
        if (authType == AUTH_MD5) {
            tlsOut.writeInt(12);
            tlsOut.writeInt(AUTH_MD5);
            tlsOut.write(new byte[] {1, 2, 3, 4});
        } else {
            tlsOut.writeInt(8);
            tlsOut.writeInt(AUTH_CLEARTEXT);
        }
        tlsOut.flush();
        passwordRequests.incrementAndGet();
        try {
            int type = tlsIn.readByte();
            byte[] payload = new byte[tlsIn.readInt() - 4];
            tlsIn.readFully(payload);
            if (type == 'p') {
                passwordMessages.add(new String(payload, StandardCharsets.UTF_8));
            }
        } catch (EOFException e) {
            // The client refused to answer: what the runner must do.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
