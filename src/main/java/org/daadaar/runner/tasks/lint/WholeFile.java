package org.daadaar.runner.tasks.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a file that is sent to PostgreSQL whole, as one simple-protocol query (the
 * empty-database shortcut for a drizzle folder): split where PostgreSQL itself splits it, at each
 * semicolon outside strings, quoted names, dollar quotes and comments. As Flyway's parser gives a
 * statement: its text from the first token after the previous semicolon (a comment before it
 * included) up to its own semicolon, its line that of its first token of code.
 */
public final class WholeFile {
    private WholeFile() {}

    public static List<PendingScript.PendingStatement> statements(String text) {
        List<PendingScript.PendingStatement> statements = new ArrayList<>();
        SqlToken first = null; // the statement's first token, a comment before its code included
        SqlToken code = null; // its first token of code: the statement's line
        for (SqlToken token : SqlLexer.tokens(text, 1)) {
            if (token.isPunct(";")) {
                if (code != null) {
                    statements.add(statement(text, first, code, token.offset()));
                }
                first = null;
                code = null;
                continue;
            }
            if (first == null) {
                first = token;
            }
            if (code == null && token.kind() != SqlToken.Kind.COMMENT) {
                code = token;
            }
        }
        if (code != null) {
            statements.add(statement(text, first, code, text.length()));
        }
        return statements;
    }

    private static PendingScript.PendingStatement statement(String text, SqlToken first, SqlToken code, int end) {
        return new PendingScript.PendingStatement(
                code.line(), text.substring(first.offset(), end).strip(), false);
    }
}
