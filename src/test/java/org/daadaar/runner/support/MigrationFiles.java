package org.daadaar.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versioned migrations of a folder in Flyway's order, so that the tests' schema is always the
 * one the folder holds: a new migration needs no second list to be kept in step.
 */
final class MigrationFiles {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    private MigrationFiles() {}

    /** Paths relative to the project, as the tests run from it; sorted by version as numbers. */
    static List<String> inOrder(String folder) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> VERSIONED.matcher(name).matches())
                    .sorted(Comparator.comparing(MigrationFiles::version))
                    .map(name -> folder + "/" + name)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the migrations in " + folder, e);
        }
    }

    /** V2_1 and V2.1 are the same version to Flyway; compared part by part, V10 after V9. */
    private static Version version(String name) {
        Matcher m = VERSIONED.matcher(name);
        m.matches();
        return new Version(
                Stream.of(m.group(1).split("[._]")).map(BigDecimal::new).toList());
    }

    private record Version(List<BigDecimal> parts) implements Comparable<Version> {
        @Override
        public int compareTo(Version other) {
            for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
                BigDecimal a = i < parts.size() ? parts.get(i) : BigDecimal.ZERO;
                BigDecimal b = i < other.parts.size() ? other.parts.get(i) : BigDecimal.ZERO;
                int c = a.compareTo(b);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }
}
