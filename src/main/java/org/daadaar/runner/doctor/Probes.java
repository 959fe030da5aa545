package org.daadaar.runner.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Network probes with hard time limits: name resolution has none of its own in Java. */
final class Probes {
    private Probes() {}

    static InetAddress resolve(String host, Duration limit) throws IOException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "doctor-dns");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<InetAddress> lookup = executor.submit(() -> InetAddress.getByName(host));
            return lookup.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no DNS answer for " + host + " within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new IOException("DNS does not know " + host);
            }
            throw new IOException(
                    "resolving " + host + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resolving " + host);
        } finally {
            executor.shutdownNow();
        }
    }

    static void connect(InetAddress address, int port, Duration limit) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) limit.toMillis());
        } catch (java.net.SocketTimeoutException e) {
            throw new IOException("no answer on port " + port + " within " + limit.toSeconds() + " s");
        } catch (java.net.ConnectException e) {
            throw new IOException("port " + port + " refused the connection");
        }
    }
}
