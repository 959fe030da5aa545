package org.daadaar.runner.support;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One {@link SecureServer} per test class, with the app user's password {@link #PASSWORD}. */
public abstract class SecureServerTestBase {
    protected static final String PASSWORD = "app-Pa55-word";

    @TempDir
    static Path serverFiles;

    protected static SecureServer server;

    @BeforeAll
    static void startSecureServer() throws Exception {
        server = SecureServer.start(serverFiles, PASSWORD);
    }

    @AfterAll
    static void stopSecureServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The app user's URL on {@code host}, with {@code password}. */
    protected static String urlWith(String host, String password) {
        return server.url(host).replace(SecureServer.APP_USER + "@", SecureServer.APP_USER + ":" + password + "@");
    }
}
