package org.daadaar.runner.output;

/**
 * Keeps a message on one line. Values the runner echoes (an organization name, a file name, a
 * server's error text) may hold a line break, and "Acme\n12:00:00.000 INFO  done" would print a
 * second, forged log line. Every control character is written as an escape instead: \n, \r, \t,
 * and \\uXXXX for the rest of C0, DEL, C1 (U+0085 is a line break to some readers) and the
 * Unicode line and paragraph separators, which JavaScript and some log viewers break lines at.
 */
public final class OneLine {
    private OneLine() {}

    /** Masks secrets, then escapes; masked again because an escape may join what a mask looks for. */
    public static String masked(Redactor redactor, String text) {
        return text == null ? null : redactor.mask(escape(redactor.mask(text)));
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstToEscape(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u").append(hex(c));
            }
        }
        return out.toString();
    }

    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    static String hex(char c) {
        String digits = Integer.toHexString(c);
        return "0000".substring(digits.length()) + digits;
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
