package org.daadaar.runner.tasks.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL into tokens by PostgreSQL's lexical rules (its scan.l): comments, which nest for
 * {@code /* *}{@code /}; strings with doubled quotes and E'' backslash escapes; quoted names;
 * dollar quotes; unquoted names folded to lower case. It never fails: an unterminated string or
 * comment runs to the end, which the recogniser then does not understand.
 */
final class SqlLexer {
    private final String sql;
    private final List<SqlToken> tokens = new ArrayList<>();
    private int i;
    private int line;

    private SqlLexer(String sql, int firstLine) {
        this.sql = sql;
        this.line = firstLine;
    }

    /** @param firstLine the line number of the first character, so tokens carry file lines */
    static List<SqlToken> tokens(String sql, int firstLine) {
        SqlLexer lexer = new SqlLexer(sql, firstLine);
        lexer.run();
        return lexer.tokens;
    }

    /** Without the comments: what the recogniser reads. */
    static List<SqlToken> code(String sql) {
        return tokens(sql, 1).stream()
                .filter(t -> t.kind() != SqlToken.Kind.COMMENT)
                .toList();
    }

    private void run() {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            int startLine = line;
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
                add(SqlToken.Kind.COMMENT, sql.substring(start + 2, i), start, startLine);
            } else if (c == '/' && sql.startsWith("/*", i)) {
                blockComment();
                add(SqlToken.Kind.COMMENT, sql.substring(start + 2, Math.max(start + 2, i - 2)), start, startLine);
            } else if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i++;
                add(SqlToken.Kind.STRING, quoted('\'', true), start, startLine);
            } else if (c == '\'') {
                add(SqlToken.Kind.STRING, quoted('\'', false), start, startLine);
            } else if (c == '"') {
                add(SqlToken.Kind.QUOTED_NAME, quoted('"', false), start, startLine);
            } else if (c == '$' && dollarTag() != null) {
                String tag = dollarTag();
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                String body = sql.substring(i + tag.length(), close < 0 ? n : close);
                countLines(i, end);
                i = end;
                add(SqlToken.Kind.DOLLAR_BODY, body, start, startLine);
            } else if (Character.isLetter(c) || c == '_' || c > 127) {
                while (i < n
                        && (Character.isLetterOrDigit(sql.charAt(i))
                                || sql.charAt(i) == '_'
                                || sql.charAt(i) == '$'
                                || sql.charAt(i) > 127)) {
                    i++;
                }
                String word = sql.substring(start, i);
                tokens.add(new SqlToken(SqlToken.Kind.WORD, word.toLowerCase(Locale.ROOT), word, startLine, start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                String number = sql.substring(start, i);
                tokens.add(new SqlToken(SqlToken.Kind.NUMBER, number, number, startLine, start));
            } else if (c == ':' && sql.startsWith("::", i)) {
                i += 2;
                tokens.add(new SqlToken(SqlToken.Kind.PUNCT, "::", "::", startLine, start));
            } else {
                i++;
                String p = String.valueOf(c);
                tokens.add(new SqlToken(SqlToken.Kind.PUNCT, p, p, startLine, start));
            }
        }
    }

    private void add(SqlToken.Kind kind, String text, int start, int startLine) {
        tokens.add(new SqlToken(kind, text, sql.substring(start, i), startLine, start));
    }

    private void blockComment() {
        int depth = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                if (sql.charAt(i) == '\n') {
                    line++;
                }
                i++;
            }
        }
    }

    /** A doubled quote stands for one; with backslashes (E''), a backslash escapes the next character. */
    private String quoted(char quote, boolean backslashes) {
        StringBuilder content = new StringBuilder();
        i++;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (backslashes && c == '\\' && i + 1 < sql.length()) {
                content.append(sql.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    content.append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return content.toString();
            }
            content.append(c);
            i++;
        }
        return content.toString();
    }

    private void countLines(int from, int to) {
        for (int k = from; k < to; k++) {
            if (sql.charAt(k) == '\n') {
                line++;
            }
        }
    }

    /** $$ or $tag$ where a dollar quote starts; null for a parameter such as $1. */
    private String dollarTag() {
        int k = i + 1;
        while (k < sql.length() && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
            k++;
        }
        if (k >= sql.length() || sql.charAt(k) != '$') {
            return null;
        }
        String tag = sql.substring(i, k + 1);
        return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
    }
}
