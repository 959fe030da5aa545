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
public record MigrationSource(List<String> locations, DrizzleJournal drizzle) {
    public static final String PACKAGED = "classpath:db/migration";
    public static final String DRIZZLE = "drizzle:";

    public MigrationSource(List<String> locations) {
        this(locations, null);
    }

    /** @param drizzle the journal of a drizzle: location; read here when null */
    public MigrationSource {
        locations = locations == null || locations.isEmpty() ? List.of(PACKAGED) : List.copyOf(locations);
        for (String location : locations) {
            if (location.startsWith(DRIZZLE)) {
                // Flyway takes either its scanner's resources or one provider's, not both.
                if (locations.size() > 1) {
                    throw RunnerException.badInput("--locations " + location + " must be the only location (was "
                            + String.join(",", locations) + "): a drizzle folder is a project's whole history");
                }
                Path dir = Path.of(location.substring(DRIZZLE.length()));
                if (!Files.isDirectory(dir)) {
                    throw RunnerException.badInput("--locations " + location + " is not a directory (resolved to "
                            + dir.toAbsolutePath() + ")");
                }
                if (drizzle == null) {
                    drizzle = DrizzleJournal.read(dir);
                }
            } else if (location.startsWith("filesystem:")) {
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
                        "--locations must start with filesystem:, classpath: or drizzle: (was '" + location + "')");
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

    /** Whether every location is a folder on disk, whose files the runner can read itself. */
    public boolean onDisk() {
        return locations.stream().allMatch(l -> l.startsWith("filesystem:") || l.startsWith(DRIZZLE));
    }

    public boolean isPackaged() {
        return locations.equals(List.of(PACKAGED));
    }
}
