package org.daadaar.runner.tasks.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.daadaar.runner.RunnerException;

/**
 * drizzle-import: a drizzle-kit folder's migrations written as Flyway files, V(idx+1)__TAG.sql with
 * the same bytes, so Flyway computes the same checksum as from drizzle:DIR and a database
 * migrated from either validates against the other. Incremental and all-or-nothing: every target
 * is checked before the first file is written.
 */
public final class DrizzleImport {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private DrizzleImport() {}

    /** One file: the Flyway name, the drizzle file it comes from, and whether it is already there. */
    public record Copy(String flywayName, String drizzleFile, boolean kept) {}

    public static List<Copy> run(Path from, Path to, boolean dryRun) {
        if (!Files.isDirectory(from)) {
            throw RunnerException.badInput(
                    "drizzle-import: " + from + " is not a directory (resolved to " + from.toAbsolutePath() + ")");
        }
        if (Files.exists(to) && !Files.isDirectory(to)) {
            throw RunnerException.badInput("drizzle-import: --to " + to + " exists and is not a directory");
        }
        DrizzleJournal journal = DrizzleJournal.read(from);
        List<String> existing = existingVersioned(to);
        List<Copy> copies = new ArrayList<>();
        for (DrizzleJournal.Entry entry : journal.entries()) {
            Path target = to.resolve(entry.flywayName());
            String sameVersion = existing.stream()
                    .filter(name -> version(name) == entry.version() && !name.equals(entry.flywayName()))
                    .findFirst()
                    .orElse(null);
            if (sameVersion != null) {
                throw RunnerException.badInput("drizzle-import: " + to.resolve(sameVersion) + " has version "
                        + entry.version() + ", which " + entry.tag() + " (idx " + entry.idx() + ") needs as "
                        + entry.flywayName() + "; nothing was written");
            }
            boolean kept = Files.exists(target);
            if (kept && !Arrays.equals(read(target), entry.bytes())) {
                throw RunnerException.badInput("drizzle-import: " + target + " differs from " + entry.file()
                        + " (an imported file was edited, or the drizzle file was after its import); nothing was"
                        + " written");
            }
            copies.add(new Copy(entry.flywayName(), entry.file().getFileName().toString(), kept));
        }
        if (!dryRun) {
            write(journal, to, copies);
        }
        return copies;
    }

    private static void write(DrizzleJournal journal, Path to, List<Copy> copies) {
        try {
            Files.createDirectories(to);
            for (DrizzleJournal.Entry entry : journal.entries()) {
                Path target = to.resolve(entry.flywayName());
                if (Files.exists(target)) {
                    continue;
                }
                // Written beside the target and moved, so a stopped import leaves no half-written migration.
                Path temp = Files.createTempFile(to, ".drizzle-import-", ".tmp");
                try {
                    Files.write(temp, entry.bytes());
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw RunnerException.environment(
                    "drizzle-import: cannot write into " + to + ": " + e.getMessage() + " (check the folder's"
                            + " permissions and free space)",
                    e);
        }
    }

    private static List<String> existingVersioned(Path to) {
        if (!Files.isDirectory(to)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(to)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> VERSIONED.matcher(name).matches())
                    .toList();
        } catch (IOException e) {
            throw RunnerException.badInput("drizzle-import: cannot list " + to + ": " + e.getMessage(), e);
        }
    }

    private static long version(String name) {
        Matcher m = VERSIONED.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1).length() > 18 ? "-1" : m.group(1)) : -1;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw RunnerException.badInput("drizzle-import: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
