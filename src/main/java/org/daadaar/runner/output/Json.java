package org.daadaar.runner.output;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the few JSON shapes the runner emits (maps, lists, strings, numbers, booleans). Small on
 * purpose: a JSON library would be loaded on every start for a handful of flat objects.
 */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1);
        return out.toString();
    }

    /** Indented by two spaces a level, for documents people read and paste, such as an IAM policy. */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    /** @param level the indentation level, or -1 for one line */
    private static void write(Object value, StringBuilder out, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            out.append(Double.isFinite(d) ? n.toString() : "null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                newline(out, inner(level));
                string(String.valueOf(e.getKey()), out);
                out.append(level < 0 ? ":" : ": ");
                write(e.getValue(), out, inner(level));
            }
            if (!first) {
                newline(out, level);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : ",");
                first = false;
                newline(out, inner(level));
                write(item, out, inner(level));
            }
            if (!first) {
                newline(out, level);
            }
            out.append(']');
        } else if (value instanceof Duration d) {
            out.append(d.toMillis());
        } else {
            string(value.toString(), out);
        }
    }

    private static int inner(int level) {
        return level < 0 ? -1 : level + 1;
    }

    private static void newline(StringBuilder out, int level) {
        if (level >= 0) {
            out.append('\n').append("  ".repeat(level));
        }
    }

    // Every control character is escaped, not only the C0 ones JSON requires: DEL and C1, the
    // line and paragraph separators (line breaks to JavaScript and to some log viewers), and a
    // lone surrogate, which has no UTF-8 form and would turn into '?' or make the line invalid.
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (OneLine.needsEscape(c) || loneSurrogate(s, i)) {
                        out.append("\\u").append(OneLine.hex(c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
