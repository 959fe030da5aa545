package org.daadaar.runner.tasks.migrations;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.db.FlywayHistory;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's migrations as Flyway's resolver sees them (version, description, checksum), read
 * without Flyway, for {@link NothingPending}. Only for the plain case: every file a versioned SQL
 * migration, V{version}__{description}.sql, in UTF-8 (Flyway's default encoding), beside at most
 * a README, a .gitkeep and the like. Any other file makes the answer null and Flyway resolves the
 * migrations itself: repeatable, undo and baseline migrations, callbacks, a script's own .conf
 * file, Java migrations, a name Flyway would refuse, but also any file this class does not know
 * (an editor's backup, say), a version given twice, a file that cannot be read, is not UTF-8 or
 * is larger than {@link #MAX_FILE_BYTES}, a location with wildcards, and a class path root other
 * than a folder or a plain jar.
 *
 * <p>A folder is walked as Flyway's FileSystemScanner walks it (into every readable folder that is
 * not hidden); a classpath location is every folder or jar of that path on the runner's class
 * path, as Flyway's classpath scanner finds them; a drizzle folder is its journal's files, which
 * DrizzleResources gives Flyway.
 */
final class LocalMigrations {
    private static final Logger log = LoggerFactory.getLogger(LocalMigrations.class);

    /** One versioned migration: what Flyway's history records of it and validates. */
    record Migration(MigrationVersion version, String description, int checksum) {}

    /** Flyway's versioned-SQL name: the part before the first "__" is the version, "_" or "." between numbers. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__([^/]+)\\.sql");
    /** Files next to migrations that Flyway reads for nothing (it reads .sql and .conf files only). */
    private static final Set<String> INERT_SUFFIXES = Set.of(".md", ".txt", ".gitkeep", ".keep");

    private static final Set<String> INERT_NAMES = Set.of(".DS_Store", ".gitignore", "README", "LICENSE");
    /** Deeper than any real migrations folder; a folder linked into itself ends here, not in a loop. */
    private static final int MAX_DEPTH = 16;
    /** Larger than any migration read here whole: Flyway, which streams it, handles a larger one. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private LocalMigrations() {}

    /** The source's migrations, or null when any of it is not the plain case above. */
    static List<Migration> of(MigrationSource source) {
        return of(source, LocalMigrations.class.getClassLoader());
    }

    /** @param classes where classpath: locations are looked up (Flyway's, the runner's own loader) */
    static List<Migration> of(MigrationSource source, ClassLoader classes) {
        List<Migration> all;
        try {
            all = read(source, classes);
        } catch (RuntimeException e) {
            // An unreadable drizzle file, a jar with a bad signature: Flyway reads them and says what is wrong.
            log.debug("migrate: the local migrations are left to Flyway to read: {}", e.toString());
            return null;
        }
        // Flyway refuses two migrations of one version (1.0 and 1 are one).
        return all == null || all.stream().map(Migration::version).distinct().count() < all.size() ? null : all;
    }

    private static List<Migration> read(MigrationSource source, ClassLoader classes) {
        List<Migration> all = new ArrayList<>();
        if (source.drizzle() != null) {
            for (DrizzleJournal.Entry entry : source.drizzle().entries()) {
                if (!add(entry.flywayName(), entry.bytes(), all)) {
                    return null;
                }
            }
            return all;
        }
        for (String location : source.locations()) {
            // Flyway reads * and ? in a location as wildcards over folder names.
            boolean plain = location.indexOf('*') < 0
                    && location.indexOf('?') < 0
                    && (location.startsWith("filesystem:")
                            ? fromFolder(new File(location.substring("filesystem:".length())), 0, all)
                            : location.startsWith("classpath:")
                                    && fromClasspath(location.substring("classpath:".length()), classes, all));
            if (!plain) {
                return null;
            }
        }
        return all;
    }

    private static boolean fromClasspath(String location, ClassLoader classes, List<Migration> all) {
        String path = location.replaceFirst("^/+", "").replaceFirst("/+$", "");
        try {
            Enumeration<URL> roots = classes.getResources(path);
            if (!roots.hasMoreElements()) {
                return false;
            }
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                boolean plain =
                        switch (root.getProtocol()) {
                            case "file" -> fromFolder(new File(root.toURI()), 0, all);
                            case "jar" -> fromJar(root.openConnection(), all);
                            default -> false;
                        };
                if (!plain) {
                    return false;
                }
            }
            return true;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A folder of a plain jar on disk; a jar inside a jar (a Spring Boot jar's BOOT-INF) is Flyway's to read. */
    private static boolean fromJar(URLConnection root, List<Migration> all) throws IOException, URISyntaxException {
        if (!(root instanceof JarURLConnection connection)
                || !connection.getJarFileURL().getProtocol().equals("file")
                || connection.getEntryName() == null
                || connection.getEntryName().contains("!")) {
            return false;
        }
        String prefix = connection.getEntryName().replaceFirst("/+$", "") + "/";
        int found = 0;
        // A jar of its own, not the class loader's shared one, which closing would break.
        try (JarFile jar = new JarFile(new File(connection.getJarFileURL().toURI()))) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                    continue;
                }
                found++;
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (inert(name)) {
                    continue;
                }
                if (entry.getSize() < 0 || entry.getSize() > MAX_FILE_BYTES) {
                    return false;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    if (!add(name, in.readAllBytes(), all)) {
                        return false;
                    }
                }
            }
        }
        return found > 0;
    }

    private static boolean fromFolder(File folder, int depth, List<Migration> all) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        File[] files = folder.listFiles();
        if (files == null) {
            return false;
        }
        for (File file : files) {
            if (!file.canRead()) {
                return false; // Flyway would leave it out without a word: let it say what it makes of that
            }
            if (file.isDirectory()) {
                if (!file.isHidden() && !fromFolder(file, depth + 1, all)) {
                    return false;
                }
            } else if (!inert(file.getName())) {
                if (file.length() > MAX_FILE_BYTES) {
                    return false;
                }
                try {
                    if (!add(file.getName(), Files.readAllBytes(file.toPath()), all)) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean inert(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return INERT_NAMES.contains(name) || INERT_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** Adds the file as Flyway resolves it; false when it is not a plain versioned migration. */
    private static boolean add(String name, byte[] bytes, List<Migration> all) {
        Matcher m = VERSIONED.matcher(name);
        if (!m.matches()) {
            return false;
        }
        String text;
        try {
            text = DrizzleJournal.strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            return false;
        }
        all.add(new Migration(
                MigrationVersion.fromVersion(m.group(1)), m.group(2).replace('_', ' '), FlywayHistory.checksum(text)));
        return true;
    }
}
