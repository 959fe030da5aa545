package org.daadaar.runner.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL 17 in a container, through Testcontainers. */
final class DockerServer implements LocalDatabase.Server {
    static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer container;

    private DockerServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static DockerServer start(Map<String, String> serverSettings) {
        List<String> command = new ArrayList<>(List.of("postgres", "-c", "fsync=off"));
        serverSettings.forEach((k, v) -> command.addAll(List.of("-c", k + "=" + v)));
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withUsername("postgres")
                .withDatabaseName("postgres")
                // Trust, like the embedded server: a throwaway database has no password to leak.
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");
        container.setCommand(command.toArray(String[]::new));
        container.start();
        return new DockerServer(container);
    }

    @Override
    public String kind() {
        return "Docker " + IMAGE;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String defaultDatabase() {
        return "postgres";
    }

    @Override
    public void close() {
        container.stop();
    }
}
