package org.daadaar.runner.tasks.lint;

import java.util.List;

/**
 * drizzle-kit wraps some statements (a foreign key, an enum) so that a rerun skips them:
 * {@code DO $$ BEGIN <statement>; EXCEPTION WHEN duplicate_object THEN null; END $$;}. That exact
 * shape is unwrapped and its one statement checked; any other DO block stays not checked.
 */
final class DrizzleWrapper {
    private static final List<String> TAIL = List.of("exception", "when", "duplicate_object", "then", "null");

    private DrizzleWrapper() {}

    static Ddl unwrap(Ddl read, String sql) {
        if (!(read instanceof Ddl.NotUnderstood)) {
            return read;
        }
        List<SqlToken> code = SqlLexer.code(sql);
        if (code.size() < 2
                || !code.get(0).is("do")
                || code.get(1).kind() != SqlToken.Kind.DOLLAR_BODY
                || code.stream().skip(2).anyMatch(t -> !t.isPunct(";"))) {
            return read;
        }
        List<SqlToken> body = SqlLexer.code(code.get(1).text());
        // BEGIN <statement> ; EXCEPTION WHEN duplicate_object THEN null ; END [;]
        int end = body.size();
        while (end > 0 && body.get(end - 1).isPunct(";")) {
            end--;
        }
        int tail = end - TAIL.size() - 2;
        if (tail < 2
                || !body.get(0).is("begin")
                || !body.get(end - 1).is("end")
                || !body.get(end - 2).isPunct(";")) {
            return read;
        }
        for (int i = 0; i < TAIL.size(); i++) {
            if (!body.get(tail + i).is(TAIL.get(i))) {
                return read;
            }
        }
        if (!body.get(tail - 1).isPunct(";")) {
            return read;
        }
        List<SqlToken> inner = body.subList(1, tail - 1);
        if (inner.stream().anyMatch(t -> t.isPunct(";"))) {
            return read;
        }
        return Recogniser.read(inner);
    }
}
