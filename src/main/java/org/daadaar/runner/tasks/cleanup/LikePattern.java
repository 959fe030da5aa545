package org.daadaar.runner.tasks.cleanup;

/**
 * A SQL LIKE pattern read as far as the breadth checks need: whether it has a wildcard, and the
 * literal text after the last one, escapes resolved. PostgreSQL's LIKE escapes with a backslash
 * unless told otherwise, and the runner's query does not tell it otherwise.
 */
record LikePattern(boolean hasWildcard, String literalTail) {
    /** @throws IllegalArgumentException for a pattern that PostgreSQL itself would refuse */
    static LikePattern parse(String pattern) {
        StringBuilder tail = new StringBuilder();
        boolean wildcard = false;
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\') {
                if (++i == pattern.length()) {
                    throw new IllegalArgumentException(
                            "it ends with the escape character \\, which PostgreSQL refuses");
                }
                tail.append(pattern.charAt(i));
            } else if (ch == '%' || ch == '_') {
                wildcard = true;
                tail.setLength(0);
            } else {
                tail.append(ch);
            }
        }
        return new LikePattern(wildcard, tail.toString());
    }
}
