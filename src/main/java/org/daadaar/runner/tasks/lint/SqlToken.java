package org.daadaar.runner.tasks.lint;

/**
 * One lexical token of PostgreSQL SQL. {@code text} is what a rule compares: a key word or an
 * unquoted name folded to lower case as PostgreSQL folds it, a quoted name as written, a string's
 * or a dollar-quoted body's content. {@code raw} is the source text, for showing a name back;
 * {@code offset} where it starts in that text.
 */
record SqlToken(Kind kind, String text, String raw, int line, int offset) {
    enum Kind {
        WORD,
        QUOTED_NAME,
        STRING,
        DOLLAR_BODY,
        NUMBER,
        PUNCT,
        COMMENT
    }

    boolean is(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    boolean isPunct(String p) {
        return kind == Kind.PUNCT && text.equals(p);
    }

    /** A name: a word or a quoted name. */
    boolean isName() {
        return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
    }
}
