package org.daadaar.runner.tasks.cleanup;

/**
 * A SQL LIKE pattern read as far as the breadth checks need: the literal text after its last
 * wildcard (all of it when it has none), escapes resolved. PostgreSQL's LIKE escapes with a backslash
 * unless told otherwise, and the runner's query does not tell it otherwise.
 */
record LikePattern(String literalTail) {
    /** @throws IllegalArgumentException for a pattern that PostgreSQL itself would refuse */
    static LikePattern parse(String pattern) {
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\') {
                if (++i == pattern.length()) {
                    throw new IllegalArgumentException(
                            "it ends with the escape character \\, which PostgreSQL refuses");
                }
                tail.append(pattern.charAt(i));
            } else if (ch == '%' || ch == '_') {
                tail.setLength(0);
            } else {
                tail.append(ch);
            }
        }
        return new LikePattern(tail.toString());
    }
}
