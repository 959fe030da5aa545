package org.daadaar.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Main in a JVM of its own, with the test's classpath and the image's JVM flags, and captures the real stdout and
 * stderr: for what an in-process {@link CliRun} cannot see, such as a library that writes to
 * System.err itself, or picocli's warnings, which go there.
 */
public record JvmRun(int exitCode, String out, String err) {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    public static JvmRun run(List<String> jvmOptions, Map<String, String> env, String... args) {
        return run(System.getProperty("java.class.path"), jvmOptions, env, args);
    }

    /** @param classpath where Main comes from: the test's classpath, or a built jar such as the image's */
    public static JvmRun run(String classpath, List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RunnerJar.imageFlags());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add("org.daadaar.runner.Main");
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("jvm-run", ".out");
            Path err = Files.createTempFile("jvm-run", ".err");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().clear();
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("still running after " + LIMIT + ": " + command);
                }
                return new JvmRun(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static JvmRun run(String... args) {
        return run(List.of(), Map.of(), args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
