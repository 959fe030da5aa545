package org.daadaar.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The packaged jar started with the JVM settings the image's runtime has built in (the
 * Dockerfile's JVM_OPTIONS), so the integration tests run the JIT and GC that
 * CodeBuild runs. Failsafe runs after package, so target/runner.jar exists.
 */
public final class RunnerJar {
    private static final String FLAGS_LINE = "ARG JVM_OPTIONS=\"";

    private RunnerJar() {}

    public static ProcessBuilder process(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(imageFlags());
        command.add("-jar");
        command.add("target/runner.jar");
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    public static List<String> imageFlags() {
        try {
            String line = Files.readAllLines(Path.of("Dockerfile")).stream()
                    .filter(l -> l.startsWith(FLAGS_LINE))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the Dockerfile has no " + FLAGS_LINE + "...\" line"));
            String flags = line.substring(FLAGS_LINE.length(), line.lastIndexOf('"'));
            return Arrays.stream(flags.strip().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
