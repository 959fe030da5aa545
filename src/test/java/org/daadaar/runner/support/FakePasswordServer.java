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
 *
 * <p>As an RDS stand-in for IAM login ({@link #rdsLike}), it has a certificate from a test CA,
 * so that verify-full passes, and after the password either completes the login (AuthenticationOk
 * up to ReadyForQuery, then holds the session until the client leaves) or refuses it as RDS
 * refuses a bad token (FATAL 28000, "PAM authentication failed").
 */
public final class FakePasswordServer implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int AUTH_CLEARTEXT = 3;
    private static final int AUTH_MD5 = 5;

    private final ServerSocket listener;
    private final SSLContext tls;
    private final int authType;
    private final AfterPassword after;
    private final List<String> passwordMessages = new CopyOnWriteArrayList<>();
    private final AtomicInteger passwordRequests = new AtomicInteger();
    private final Thread acceptor;

    /** What the server does once the password message came. */
    public enum AfterPassword {
        HANG_UP,
        ACCEPT,
        REFUSE_LIKE_RDS
    }

    private FakePasswordServer(SSLContext tls, int authType) throws IOException {
        this(tls, authType, AfterPassword.HANG_UP);
    }

    private FakePasswordServer(SSLContext tls, int authType, AfterPassword after) throws IOException {
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.authType = authType;
        this.after = after;
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

    /** Asks for a clear-text password, as RDS does for a role granted rds_iam, over {@code tls}. */
    public static FakePasswordServer rdsLike(SSLContext tls, AfterPassword after) throws IOException {
        return new FakePasswordServer(tls, AUTH_CLEARTEXT, after);
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

    /** A thread per client, so that a session held open does not keep the next one waiting. */
    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread session = new Thread(() -> serveAndClose(client), "fake-password-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                // The server closed.
            }
        }
    }

    private void serveAndClose(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            serve(client);
        } catch (IOException e) {
            // The client hung up: nothing more to record.
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
            return;
        }
        switch (after) {
            case ACCEPT -> acceptLogin(tlsIn, tlsOut);
            case REFUSE_LIKE_RDS -> refuse(tlsOut);
            case HANG_UP -> {}
        }
    }

    /** AuthenticationOk, the parameters pgjdbc needs, ReadyForQuery; then waits for Terminate. */
    private static void acceptLogin(DataInputStream in, DataOutputStream out) throws IOException {
        out.writeByte('R');
        out.writeInt(8);
        out.writeInt(0);
        // A server from 12 on: pgjdbc then sends no set-up query of its own after the login.
        parameter(out, "server_version", "17.6");
        parameter(out, "client_encoding", "UTF8");
        parameter(out, "DateStyle", "ISO, MDY");
        parameter(out, "integer_datetimes", "on");
        parameter(out, "standard_conforming_strings", "on");
        out.writeByte('K');
        out.writeInt(12);
        out.writeInt(4242);
        out.writeInt(2424);
        out.writeByte('Z');
        out.writeInt(5);
        out.writeByte('I');
        out.flush();
        try {
            // pgjdbc sets application_name by a query after the login (unless assumeMinServerVersion
            // says 9.0): each simple query gets "SET" and ReadyForQuery, enough for that one.
            for (int type = in.readByte(); type != 'X'; type = in.readByte()) {
                in.readFully(new byte[in.readInt() - 4]);
                if (type == 'Q') {
                    out.writeByte('C');
                    out.writeInt(4 + 4);
                    out.write("SET\0".getBytes(StandardCharsets.UTF_8));
                    out.writeByte('Z');
                    out.writeInt(5);
                    out.writeByte('I');
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // The client left without a Terminate message.
        }
    }

    private static void parameter(DataOutputStream out, String name, String value) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte('S');
        out.writeInt(4 + n.length + 1 + v.length + 1);
        out.write(n);
        out.writeByte(0);
        out.write(v);
        out.writeByte(0);
    }

    /** What RDS answers a token it does not accept. */
    private static void refuse(DataOutputStream out) throws IOException {
        byte[] fields = ("SFATAL\0VFATAL\0C28000\0MPAM authentication failed for user \"app_user\"\0\0")
                .getBytes(StandardCharsets.UTF_8);
        out.writeByte('E');
        out.writeInt(4 + fields.length);
        out.write(fields);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
