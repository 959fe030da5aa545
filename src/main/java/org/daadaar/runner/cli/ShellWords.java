package org.daadaar.runner.cli;

import java.util.regex.Pattern;

/** Values shown so that they can be pasted back into a POSIX shell as one word each. */
final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {}

    /** As is when no shell would change it, else in single quotes, a quote inside as '\''. */
    static String quote(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
