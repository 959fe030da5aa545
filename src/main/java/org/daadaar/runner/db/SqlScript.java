package org.daadaar.runner.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A SQL file from the classpath, split into statements so that each statement's row count can be
 * reported. The splitter knows what PostgreSQL's own lexer knows about where a {@code ;} does not
 * end a statement: quoted strings and identifiers, dollar quotes, and comments.
 */
public record SqlScript(String name, List<String> statements) {
    public SqlScript {
        statements = List.copyOf(statements);
    }

    /** The {@code .sql} files directly under a classpath folder (such as db/seed), in name order. */
    public static List<SqlScript> folder(String folder) {
        URL url = SqlScript.class.getClassLoader().getResource(folder);
        if (url == null) {
            return List.of();
        }
        try {
            if (url.getProtocol().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    return read(jar.getPath(folder));
                }
            }
            return read(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + " from the classpath", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + folder + " from the classpath", e);
        }
    }

    /** One classpath resource, such as db/migration/V1__initial_schema.sql. */
    public static SqlScript resource(String path) {
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new SqlScript(path, split(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static List<SqlScript> read(Path dir) throws IOException {
        List<SqlScript> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .toList()) {
                scripts.add(new SqlScript(
                        file.getFileName().toString(), split(Files.readString(file, StandardCharsets.UTF_8))));
            }
        }
        return scripts;
    }

    /** The statements of a script, comments left out, without their terminating semicolons. */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
                current.append(' ');
            } else if (c == '\'' || c == '"') {
                int end = closingQuote(sql, i, c);
                current.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                current.append(sql, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    /** PostgreSQL block comments nest. */
    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** A doubled quote inside the quotes stands for one quote character. */
    private static int closingQuote(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /** $$ or $tag$ where a dollar quote may start; null for a parameter such as $1. */
    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return null;
        }
        String tag = sql.substring(start, i + 1);
        return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
    }
}
