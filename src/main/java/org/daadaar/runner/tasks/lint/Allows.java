package org.daadaar.runner.tasks.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The allow comments of one script: {@code -- db-runner:allow RULE: reason} silences RULE for one
 * statement, the one that contains the comment or, when the comment is between statements, the
 * next one. A comment on the line a statement ends on (after its semicolon) belongs to it.
 */
final class Allows {
    private static final Pattern ALLOW = Pattern.compile("\\s*db-runner:allow\\b\\s*([A-Za-z0-9_-]*)\\s*(?::(.*))?");

    record Allow(int line, String rule, String reason) {}

    private final List<Allow> allows;

    private Allows(List<Allow> allows) {
        this.allows = allows;
    }

    static Allows in(String text) {
        List<Allow> found = new ArrayList<>();
        if (text != null) {
            for (SqlToken token : SqlLexer.tokens(text, 1)) {
                if (token.kind() == SqlToken.Kind.COMMENT) {
                    Matcher m = ALLOW.matcher(token.text().strip().startsWith("db-runner:") ? token.text() : "");
                    if (m.matches()) {
                        String reason = m.group(2) == null ? "" : m.group(2).strip();
                        found.add(new Allow(token.line(), m.group(1), reason));
                    }
                }
            }
        }
        return new Allows(found);
    }

    /** The allows that belong to a statement, given where the one before it ended. */
    List<Allow> of(int previousEndLine, int endLine) {
        return allows.stream()
                .filter(a -> a.line() > previousEndLine && a.line() <= endLine)
                .toList();
    }

    /** The allow of a rule among a statement's allows, when it has a reason. */
    static Optional<Allow> silencing(List<Allow> allows, Rule rule) {
        return allows.stream()
                .filter(a -> a.rule().equals(rule.id()) && !a.reason().isEmpty())
                .findFirst();
    }
}
