package org.daadaar.runner.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The manual snapshot's identifier: "db-runner-" and the CodeBuild build id, else a UTC time stamp.
 * RDS's rules for it: 1 to 255 letters, digits and hyphens, a letter first, no two hyphens in a
 * row, no hyphen last; RDS stores it in lower case. The prefix gives the letter first and lets the
 * IAM policy scope CreateDBSnapshot to db-runner-* (iam/BuildRolePolicy).
 */
public final class SnapshotName {
    public static final String PREFIX = "db-runner-";
    static final int MAX_LENGTH = 255;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SnapshotName() {}

    /** From CODEBUILD_BUILD_ID (project:uuid), which the environment may hold in any shape. */
    public static String of(Map<String, String> env, Instant now) {
        String build = env.get("CODEBUILD_BUILD_ID");
        String tail = build == null ? "" : sanitise(build);
        if (tail.isEmpty()) {
            tail = STAMP.format(now);
        }
        String name = PREFIX + tail;
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        return name.endsWith("-") ? name.substring(0, name.length() - 1) : name;
    }

    /** Lower case; every run of other characters becomes one hyphen; none at either end. */
    static String sanitise(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (allowed) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '-') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
