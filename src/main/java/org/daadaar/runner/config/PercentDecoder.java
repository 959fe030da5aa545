package org.daadaar.runner.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes %XX escapes as libpq does: '+' stays '+', and a broken escape is an error rather than a
 * guess. URLDecoder would turn '+' into a space and silently change a password.
 */
final class PercentDecoder {
    private PercentDecoder() {}

    /** @param what names the part being decoded, for the error; never the value itself */
    static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                throw new DatabaseUrlException("the " + what + " has a '%' that is not followed by two hex digits;"
                        + " write a literal '%' as %25");
            }
            out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
