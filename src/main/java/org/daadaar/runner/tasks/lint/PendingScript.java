package org.daadaar.runner.tasks.lint;

import java.util.List;

/**
 * One pending migration as it will run: its statements (with their lines) as Flyway's own parser
 * splits them, or, for a file the empty-database shortcut sends whole, as PostgreSQL does
 * ({@link WholeFile}); and whether it runs inside a transaction.
 *
 * @param text the file's content, for the allow comments between statements; null when unreadable
 * @param unreadable why the statements could not be read (a Java migration, a script Flyway
 *     refuses); null when they could
 * @param grouped whether Flyway runs every pending migration in one transaction (group)
 * @param mixedAtLine the line of the statement that made Flyway refuse a script mixing statements
 *     that can and cannot run in a transaction (mixed=false); 0 when it does not
 */
public record PendingScript(
        String file,
        boolean inTransaction,
        boolean grouped,
        List<PendingStatement> statements,
        String text,
        String unreadable,
        int mixedAtLine) {
    public PendingScript {
        statements = List.copyOf(statements);
    }

    /**
     * @param line the file line the statement starts on
     * @param flywayNonTransactional whether Flyway's parser counts it as unable to run in a transaction
     */
    public record PendingStatement(int line, String sql, boolean flywayNonTransactional) {
        int endLine() {
            return line + (int) sql.chars().filter(c -> c == '\n').count();
        }
    }
}
