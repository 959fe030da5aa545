package org.daadaar.runner.output;

/** Reads a JSON string literal back into its text, for masking the strings of a relayed JSON line. */
final class JsonStrings {
    private JsonStrings() {}

    /**
     * @param literal a string literal with its quotes, as found in a line
     * @return its text; an escape that JSON does not define is kept as the character after the
     *     backslash, since the line need not be JSON at all
     */
    static String decode(String literal) {
        StringBuilder text = new StringBuilder(literal.length());
        int last = literal.length() - 1;
        for (int i = 1; i < last; i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 >= last) {
                text.append(c);
                continue;
            }
            char escaped = literal.charAt(++i);
            switch (escaped) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (isHex(literal, i + 1, i + 5, last)) {
                        text.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        text.append(escaped);
                    }
                }
                default -> text.append(escaped);
            }
        }
        return text.toString();
    }

    /** Whether s[from, to) are hex digits that end before the closing quote at {@code last}. */
    private static boolean isHex(String s, int from, int to, int last) {
        if (to > last) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
