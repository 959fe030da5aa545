package org.daadaar.runner.tasks.lint;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether ALTER COLUMN ... TYPE rewrites the table, as PostgreSQL decides it
 * (ATColumnChangeRequiresRewrite and the types' support functions): not when the stored bytes
 * stay valid, that is the same type with a modifier that only widens (varchar(n) to varchar(m >=
 * n) or unlimited, numeric(p,s) to numeric(q >= p, s) or unlimited, timestamp(p) to a larger p), or
 * a binary-coercible cast (pg_cast) to a type without a modifier (varchar to text). Anything else,
 * a USING clause included, rewrites.
 */
final class TypeChange {
    private static final long BPCHAR = 1042;
    private static final long VARCHAR = 1043;
    private static final long NUMERIC = 1700;
    private static final long BIT = 1560;
    private static final long VARBIT = 1562;
    private static final long TIMESTAMP = 1114;
    private static final long TIMESTAMPTZ = 1184;
    private static final long TIME = 1083;
    private static final long TIMETZ = 1266;
    private static final Pattern MODIFIER = Pattern.compile(".*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)\\s*");

    private TypeChange() {}

    /** Why it rewrites, or empty when it does not. */
    static Optional<String> rewrites(LiveCatalog catalog, LiveCatalog.Column from, String to, boolean using)
            throws SQLException {
        if (using) {
            return Optional.of("a USING expression is evaluated for every row");
        }
        Optional<Long> target = catalog.typeOid(to);
        if (target.isEmpty()) {
            return Optional.of("the type " + to + " is not in the live catalog (a pending migration may create it)");
        }
        long toOid = target.get();
        int toMod = typmod(toOid, to);
        if (toOid == from.typeOid()) {
            return widens(toOid, from.typmod(), toMod)
                    ? Optional.empty()
                    : Optional.of(from.type() + " to " + to + " narrows or changes the modifier");
        }
        if (catalog.binaryCoercible(from.typeOid(), toOid) && toMod == -1) {
            return Optional.empty();
        }
        return Optional.of(from.type() + " to " + to + " converts every stored value");
    }

    private static boolean widens(long type, int from, int to) {
        if (from == to || to == -1) {
            return true;
        }
        if (from == -1) {
            return false;
        }
        if (type == VARCHAR || type == VARBIT) {
            return to >= from;
        }
        if (type == NUMERIC) {
            int fromScale = (from - 4) & 0xffff;
            int toScale = (to - 4) & 0xffff;
            return fromScale == toScale && ((to - 4) >> 16) >= ((from - 4) >> 16);
        }
        if (type == TIMESTAMP || type == TIMESTAMPTZ || type == TIME || type == TIMETZ) {
            return to >= from;
        }
        return false;
    }

    /** The modifier PostgreSQL stores for that written type, -1 for none. */
    static int typmod(long type, String written) {
        Matcher m = MODIFIER.matcher(written);
        if (!m.matches()) {
            return type == BPCHAR ? 5 : -1; // char without a length is char(1)
        }
        int first = Integer.parseInt(m.group(1));
        if (type == VARCHAR || type == BPCHAR) {
            return first + 4;
        }
        if (type == NUMERIC) {
            int scale = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            return ((first << 16) | scale) + 4;
        }
        if (type == BIT
                || type == VARBIT
                || type == TIMESTAMP
                || type == TIMESTAMPTZ
                || type == TIME
                || type == TIMETZ) {
            return first;
        }
        return first;
    }
}
