package org.daadaar.runner.tasks.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.daadaar.runner.RunnerException;

/**
 * Where the migrations come from: the ones packaged in the jar, or folders on disk that a
 * developer names with --locations. Checked before any connection, so a typo is exit 2.
 */
public record MigrationSource(List<String> locations) {
    public static final String PACKAGED = "classpath:db/migration";

    public MigrationSource {
        locations = locations == null || locations.isEmpty() ? List.of(PACKAGED) : List.copyOf(locations);
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                Path dir = Path.of(location.substring("filesystem:".length()));
                if (!Files.isDirectory(dir)) {
                    throw RunnerException.badInput("--locations " + location + " is not a directory (resolved to "
                            + dir.toAbsolutePath() + ")");
                }
            } else if (location.startsWith("classpath:")) {
                String path = location.substring("classpath:".length()).replaceFirst("^/+", "");
                if (!onClasspath(path)) {
                    throw RunnerException.badInput("--locations " + location + " is not on the class path: check the"
                            + " path (the packaged migrations are " + PACKAGED + "), or use filesystem:DIR for a"
                            + " folder");
                }
            } else {
                throw RunnerException.badInput(
                        "--locations must start with filesystem: or classpath: (was '" + location + "')");
            }
        }
    }

    /**
     * Looked up the way Flyway scans a classpath location (ClassLoader.getResources), so that what
     * passes here is what Flyway finds; Flyway itself would only fail once connected.
     */
    private static boolean onClasspath(String path) {
        try {
            return MigrationSource.class.getClassLoader().getResources(path).hasMoreElements();
        } catch (IOException e) {
            return false;
        }
    }

    public static MigrationSource packaged() {
        return new MigrationSource(List.of());
    }

    public boolean isPackaged() {
        return locations.equals(List.of(PACKAGED));
    }
}
