package org.daadaar.runner.tasks.migrations;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.daadaar.runner.RunnerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * A drizzle-kit migrations folder read the way drizzle-orm's migrator reads it (src/migrator.ts,
 * readMigrationFiles): meta/_journal.json lists the migrations in order, each entry's tag names
 * TAG.sql beside meta/, and drizzle runs exactly those; other .sql files are ignored. Read whole
 * and checked before any connection, so a broken folder is exit 2 with nothing changed.
 */
public record DrizzleJournal(Path dir, List<Entry> entries) {
    private static final Logger log = LoggerFactory.getLogger(DrizzleJournal.class);
    static final String JOURNAL = "meta/_journal.json";
    // A tag becomes a file name here and in drizzle-import's output: no separators, no "..".
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,200}");
    // "pg" is the name older drizzle-kit journals (before "postgresql") gave the same dialect.
    private static final Set<String> POSTGRESQL = Set.of("postgresql", "pg");
    private static final long MAX_JOURNAL_BYTES = 16L * 1024 * 1024;

    /** One journal entry and its file, as bytes: Flyway's checksum and drizzle's hash both read the file itself. */
    public record Entry(int idx, long when, String tag, Path file) {
        /** Flyway's version for the entry: drizzle's idx counts from 0, Flyway's versions from 1. */
        public int version() {
            return idx + 1;
        }

        /** The name Flyway reads version and description from, and that drizzle-import writes. */
        public String flywayName() {
            return "V" + version() + "__" + tag + ".sql";
        }

        public byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw RunnerException.badInput("cannot read drizzle migration " + file + ": " + e.getMessage(), e);
            }
        }

        /**
         * The hash drizzle's migrator stores in its table: SHA-256 hex of the file's text, line
         * endings normalised to LF first (src/migrator.ts replaces \r\n with \n before hashing).
         */
        public String drizzleHash() {
            return DrizzleJournal.drizzleHash(file);
        }
    }

    public DrizzleJournal {
        entries = List.copyOf(entries);
    }

    public static DrizzleJournal read(Path dir) {
        Path journal = dir.resolve(JOURNAL);
        if (!Files.isRegularFile(journal)) {
            throw RunnerException.badInput("--locations drizzle:" + dir + " has no " + JOURNAL + " (resolved to "
                    + journal.toAbsolutePath() + "): name the folder drizzle-kit generate writes to (its out)");
        }
        JsonNode root = parse(journal);
        String dialect = field(root, "dialect", journal);
        if (!POSTGRESQL.contains(dialect)) {
            throw RunnerException.badInput(journal + " is of dialect '" + dialect
                    + "'; the runner migrates PostgreSQL only (dialect postgresql)");
        }
        JsonNode list = root.asObject().get("entries");
        if (list == null || !list.isArray()) {
            throw RunnerException.badInput(journal + " has no \"entries\" list: is it drizzle-kit's journal?");
        }
        List<Entry> entries = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Set<String> listed = new HashSet<>();
        for (JsonNode node : list.asArray()) {
            if (!node.isObject()) {
                throw RunnerException.badInput(journal + ": an entry is not an object: " + node);
            }
            String tag = field(node, "tag", journal);
            int idx = (int) number(node, "idx", journal, tag, Integer.MAX_VALUE - 1);
            long when = number(node, "when", journal, tag, Long.MAX_VALUE);
            if (!TAG.matcher(tag).matches()) {
                throw RunnerException.badInput(journal + ": entry " + idx + " has tag '" + tag
                        + "'; a tag is a file name of letters, digits, _ and - (as drizzle-kit writes them)");
            }
            if (!seen.add(idx)) {
                throw RunnerException.badInput(journal + ": idx " + idx + " appears twice (tag " + tag + ")");
            }
            Path file = dir.resolve(tag + ".sql");
            if (!Files.isRegularFile(file)) {
                throw RunnerException.badInput(journal + ": entry " + idx + " (" + tag + ") names " + file.getFileName()
                        + ", which is not in " + dir + ": restore the file or the journal");
            }
            listed.add(tag + ".sql");
            entries.add(new Entry(idx, when, tag, file));
        }
        warnUnlisted(dir, listed);
        return new DrizzleJournal(dir, entries);
    }

    /** drizzle ignores a .sql file that its journal does not list; so does the runner, aloud. */
    private static void warnUnlisted(Path dir, Set<String> listed) {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".sql") && !listed.contains(name))
                    .sorted()
                    .forEach(name -> log.warn(
                            "drizzle:{}: {} is not in {} and is ignored, as drizzle ignores it", dir, name, JOURNAL));
        } catch (IOException e) {
            throw RunnerException.badInput("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(Path journal) {
        try {
            if (Files.size(journal) > MAX_JOURNAL_BYTES) {
                throw RunnerException.badInput(journal + " is larger than 16 MiB: is it drizzle-kit's journal?");
            }
            JsonNode root = JsonNodeParser.create().parse(text(journal, Files.readAllBytes(journal)));
            if (!root.isObject()) {
                throw RunnerException.badInput(journal + " is not a JSON object: is it drizzle-kit's journal?");
            }
            return root;
        } catch (IOException e) {
            throw RunnerException.badInput("cannot read " + journal + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof RunnerException r) {
                throw r;
            }
            throw RunnerException.badInput(journal + " is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static String field(JsonNode node, String name, Path journal) {
        JsonNode value = node.asObject().get(name);
        if (value == null || !value.isString()) {
            throw RunnerException.badInput(journal + ": \"" + name + "\" is missing or not a string");
        }
        return value.asString();
    }

    private static long number(JsonNode node, String name, Path journal, String tag, long max) {
        JsonNode value = node.asObject().get(name);
        try {
            long n = Long.parseLong(value == null || !value.isNumber() ? "x" : value.asNumber());
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw RunnerException.badInput(journal + ": entry " + tag + " has no whole, non-negative \"" + name + "\"");
        }
    }

    /** What drizzle's migrator stores as hash for a file: see {@link Entry#drizzleHash}. */
    static String drizzleHash(Path file) {
        try {
            return sha256(text(file, Files.readAllBytes(file)).replace("\r\n", "\n"));
        } catch (IOException e) {
            throw RunnerException.badInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String text(Path file, byte[] bytes) {
        try {
            return strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw RunnerException.badInput(file + " is not UTF-8 text", e);
        }
    }

    /** The bytes as UTF-8 text; malformed input is refused, not replaced. */
    static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /** The entries by Flyway version, for matching Flyway's view of the migrations back to the journal. */
    Map<Integer, Entry> byVersion() {
        Map<Integer, Entry> m = new java.util.LinkedHashMap<>();
        entries.forEach(e -> m.put(e.version(), e));
        return m;
    }
}
