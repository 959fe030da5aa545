package org.daadaar.runner.tasks.cleanup;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.daadaar.runner.RunnerException;

/**
 * The SQL LIKE patterns that say which users are test users, checked so that no pattern can reach
 * real people's addresses by accident: one that matches any domain, or addresses at more than one
 * registrable domain outside the reserved names ({@link PatternDomains}), is refused. Matched
 * against lower(email), so they are kept in lower case.
 */
public record EmailPatterns(List<String> patterns, String source) {
    /** The names RFC 2606 and RFC 6761 reserve: no real person can own an address under them. */
    public static final List<String> RESERVED = List.of(
            "%@example.com", "%@example.net", "%@example.org", "%.test", "%.example", "%.invalid", "%.localhost");

    public EmailPatterns {
        patterns = List.copyOf(patterns);
    }

    public static EmailPatterns reserved() {
        return new EmailPatterns(RESERVED, "the RFC 2606/6761 reserved names");
    }

    /**
     * @param source what to name in an error, such as --email-pattern or TEST_USER_EMAIL_PATTERNS
     * @throws RunnerException bad input for an empty list or a pattern that is too broad
     */
    public static EmailPatterns of(List<String> given, String source) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String raw : given) {
            String pattern = raw.strip().toLowerCase(Locale.ROOT);
            String problem = problem(pattern);
            if (problem != null) {
                throw RunnerException.badInput(source + ": the pattern '" + raw.strip() + "' is refused: " + problem
                        + "; give the one domain your test users are at, such as %@qa.mycompany.com or"
                        + " %@%.qa.mycompany.com, or a reserved name, such as %@example.com or %.test");
            }
            patterns.add(pattern);
        }
        if (patterns.isEmpty()) {
            throw RunnerException.badInput(source + " holds no pattern");
        }
        return new EmailPatterns(List.copyOf(patterns), source);
    }

    /** Why a pattern is refused, or null when it is narrow enough. */
    private static String problem(String pattern) {
        if (pattern.isEmpty()) {
            return "it is empty";
        }
        int at = pattern.lastIndexOf('@');
        String domain;
        if (at >= 0) {
            domain = pattern.substring(at + 1);
        } else if (pattern.startsWith("%.")) {
            domain = pattern.substring(2);
        } else {
            return "it has no @ and does not start with %.";
        }
        // A domain made only of wildcards and dots (%, %@%, x@%, %.%) matches any domain at all.
        if (domain.chars().allMatch(ch -> ch == '%' || ch == '_' || ch == '.' || ch == '\\')) {
            return "it matches an address at any domain";
        }
        LikePattern like;
        try {
            like = LikePattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return PatternDomains.problem(like);
    }
}
