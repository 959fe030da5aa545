package org.daadaar.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The packaged jar started as the image starts it: {@code java $JAVA_FLAGS -jar runner.jar},
 * with the flags read from the Dockerfile, so the integration tests run the JIT and GC that
 * CodeBuild runs. Failsafe runs after package, so target/runner.jar exists.
 */
public final class RunnerJar {
    private static final String FLAGS_LINE = "ENV JAVA_FLAGS=\"";

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

    static List<String> imageFlags() {
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
