package org.daadaar.runner.tasks.lint;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checks pending migrations against the live database: each statement, as the run will send it, is
 * recognised ({@link Recogniser}), checked by the rules with the live catalog ({@link Rules}), and
 * its findings silenced where an allow comment with a reason says so ({@link Allows}).
 */
public final class Linter {
    private static final int SHOWN = 160;
    static final String NON_TRANSACTIONAL_FIX = "a migration of its own that holds only such statements;"
            + " Flyway then runs it outside a transaction by itself, or say so in its V..__x.sql.conf with"
            + " executeInTransaction=false";

    private final LintSettings settings;

    public Linter(LintSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    public LintReport lint(DataSource dataSource, List<PendingScript> scripts) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        int statements = 0;
        if (scripts.isEmpty()) {
            return new LintReport(settings, 0, 0, findings);
        }
        try (Connection connection = dataSource.getConnection()) {
            LiveCatalog catalog = new LiveCatalog(connection);
            Rules rules = new Rules(catalog, settings);
            for (PendingScript script : scripts) {
                if (script.mixedAtLine() > 0) {
                    findings.add(new Finding(
                            script.file(),
                            script.mixedAtLine(),
                            Rule.NON_TRANSACTIONAL_IN_TRANSACTION,
                            Severity.ERROR,
                            null,
                            "Flyway refuses a script that mixes statements that can and cannot run in a"
                                    + " transaction, so migrate would stop at it: " + script.unreadable(),
                            null,
                            null,
                            null,
                            NON_TRANSACTIONAL_FIX,
                            null));
                }
                if (script.unreadable() != null && script.mixedAtLine() == 0) {
                    findings.add(new Finding(
                            script.file(),
                            0,
                            Rule.NOT_CHECKED,
                            Severity.NOT_CHECKED,
                            null,
                            "not checked: " + script.unreadable(),
                            null,
                            null,
                            null,
                            "check it by hand against the rules in docs/migrations.md (lint)",
                            null));
                    continue;
                }
                Allows allows = Allows.in(script.text());
                String whyTransaction = script.grouped()
                        ? "Flyway groups every pending migration into one transaction here (a drizzle folder on an"
                                + " empty database)"
                        : script.statements().stream().anyMatch(PendingScript.PendingStatement::flywayNonTransactional)
                                ? "its .sql.conf says executeInTransaction=true"
                                : "Flyway's parser does not count it as non-transactional, and no .sql.conf says"
                                        + " executeInTransaction=false";
                int previousEnd = 0;
                for (PendingScript.PendingStatement statement : script.statements()) {
                    statements++;
                    Rules.Where where = new Rules.Where(
                            script.file(),
                            statement.line(),
                            shown(statement.sql()),
                            script.inTransaction() || script.grouped(),
                            whyTransaction);
                    List<Allows.Allow> allowed = allows.of(previousEnd, statement.endLine());
                    previousEnd = statement.endLine();
                    Ddl ddl = DrizzleWrapper.unwrap(Recogniser.read(SqlLexer.code(statement.sql())), statement.sql());
                    for (Finding finding : rules.check(ddl, where)) {
                        Optional<Allows.Allow> allow = finding.severity() == Severity.ALLOWED
                                ? Optional.empty()
                                : Allows.silencing(allowed, finding.rule());
                        findings.add(allow.map(a -> finding.allowed(a.reason())).orElse(finding));
                    }
                    for (Allows.Allow allow : allowed) {
                        badAllow(allow, where).ifPresent(findings::add);
                    }
                }
            }
        }
        return new LintReport(settings, scripts.size(), statements, findings);
    }

    /** An allow without a reason, or naming no rule, silences nothing and says so. */
    private static Optional<Finding> badAllow(Allows.Allow allow, Rules.Where where) {
        String problem = Rule.byId(allow.rule()).isEmpty()
                ? "the allow comment on line " + allow.line() + " names no rule the linter has ('" + allow.rule()
                        + "'), so it silences nothing"
                : allow.reason().isEmpty()
                        ? "the allow comment on line " + allow.line() + " for " + allow.rule()
                                + " gives no reason, so it silences nothing"
                        : null;
        if (problem == null) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                where.file(),
                allow.line(),
                Rule.BAD_ALLOW,
                Severity.WARNING,
                where.statement(),
                problem,
                null,
                null,
                null,
                "write it as -- db-runner:allow RULE: why it is safe here",
                null));
    }

    /**
     * The statement on one line, comments out, string literals elided, cut to a length a report
     * line can carry.
     */
    private static String shown(String sql) {
        StringBuilder s = new StringBuilder();
        for (SqlToken token : SqlLexer.code(sql)) {
            if (token.isPunct(";")) {
                continue;
            }
            boolean glue = s.isEmpty()
                    || token.isPunct(",")
                    || token.isPunct(")")
                    || token.isPunct(".")
                    || s.charAt(s.length() - 1) == '('
                    || s.charAt(s.length() - 1) == '.';
            s.append(glue ? "" : " ")
                    .append(
                            switch (token.kind()) {
                                case DOLLAR_BODY -> "$$ " + shown(token.text()) + " $$";
                                    // No rule needs a literal's value, and one may be a password
                                    // (ALTER ROLE ... PASSWORD '...'): the report, its JSON and the
                                    // audit row never carry it.
                                case STRING -> "'...'";
                                default -> token.raw();
                            });
            if (s.length() > SHOWN) {
                return s.substring(0, SHOWN) + "...";
            }
        }
        return s.toString();
    }
}
