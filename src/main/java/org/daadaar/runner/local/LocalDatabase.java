package org.daadaar.runner.local;

import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL 17 for --local and for the tests: one way to get a local database. A
 * container when a Docker engine answers, else embedded binaries from Maven Central, which need no
 * Docker and run as root. The server trusts local connections, so no password exists to leak.
 */
public final class LocalDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);

    private final Server server;

    private LocalDatabase(Server server) {
        this.server = server;
    }

    /** The class that the image's jar leaves out, with the embedded binaries and Testcontainers. */
    private static final String EMBEDDED = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    /** @param serverSettings postgresql.conf settings, such as ssl=on with certificate paths */
    public static LocalDatabase start(Map<String, String> serverSettings) {
        requireLaptopJar();
        try {
            if (DockerServer.dockerAnswers()) {
                log.info("Starting a throwaway PostgreSQL in Docker ({})", DockerServer.IMAGE);
                return new LocalDatabase(DockerServer.start(serverSettings));
            }
            log.info("No Docker engine answers; starting a throwaway PostgreSQL from embedded binaries");
            return new LocalDatabase(EmbeddedServer.start(serverSettings));
        } catch (RunnerException e) {
            throw e;
        } catch (Exception e) {
            throw RunnerException.environment("could not start a local PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Starts the embedded binaries whatever Docker says: for servers that need files on this host. */
    public static LocalDatabase startEmbedded(Map<String, String> serverSettings) {
        requireLaptopJar();
        try {
            return new LocalDatabase(EmbeddedServer.start(serverSettings));
        } catch (Exception e) {
            throw RunnerException.environment("could not start an embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * The image's runner.jar is built without what --local needs (see pom.xml, runner-image):
     * say so in one line instead of failing on a missing class.
     */
    public static void requireLaptopJar() {
        try {
            Class.forName(EMBEDDED, false, LocalDatabase.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw RunnerException.badInput("--local is a laptop feature: this runner.jar (the image's) is built"
                    + " without the local PostgreSQL; run it with the runner.jar that mvn package builds, or give"
                    + " --database-url");
        }
    }

    public String kind() {
        return server.kind();
    }

    public DatabaseUrl url() {
        return url(server.defaultDatabase());
    }

    public DatabaseUrl url(String database) {
        return new DatabaseUrl(server.host(), server.port(), database, server.user(), null, Map.of());
    }

    @Override
    public void close() {
        server.close();
    }

    interface Server extends AutoCloseable {
        String kind();

        String host();

        int port();

        String user();

        String defaultDatabase();

        @Override
        void close();
    }
}
