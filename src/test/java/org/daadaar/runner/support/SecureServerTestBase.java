package org.daadaar.runner.support;

import org.junit.jupiter.api.BeforeAll;

/** Tests against the {@link SecureServer} as {@link #APP_USER} with the password {@link #PASSWORD}. */
public abstract class SecureServerTestBase {
    protected static final String APP_USER = "app_user";
    protected static final String PASSWORD = "app-Pa55-word";

    protected static SecureServer server;

    @BeforeAll
    static void appUserOnTheSecureServer() {
        server = SecureServer.shared();
        server.role(APP_USER, PASSWORD);
    }

    /** The app user's URL on {@code host}, with {@code password}. */
    protected static String urlWith(String host, String password) {
        return "postgresql://" + APP_USER + ":" + password + "@" + host + ":" + server.port() + "/postgres";
    }
}
