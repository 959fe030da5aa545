package org.daadaar.runner.tasks.migrations;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.db.FlywayDefaults;
import org.daadaar.runner.tasks.lint.PendingScript;
import org.daadaar.runner.tasks.lint.WholeFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.executor.MigrationExecutor;
import org.flywaydb.core.internal.info.MigrationInfoImpl;
import org.flywaydb.core.internal.resolver.sql.SqlMigrationExecutor;
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;

/**
 * The pending migrations as Flyway itself would run them: the same resolved scripts (filesystem:,
 * classpath: and drizzle: alike), split into statements by Flyway's PostgreSQL parser, with its
 * placeholders replaced, its line numbers, and its per-script decision to run in a transaction
 * (a V..__x.sql.conf's executeInTransaction, else whether its parser found a statement that
 * cannot run in one). Flyway keeps the parsed script in a private field of its executor; reading
 * it there (Flyway 13.12, pinned in pom.xml, checked by LintTest) is what makes the linter see what
 * migrate will run rather than a second parser's idea of it. If a Flyway upgrade moves it, each
 * script is reported as not checked, never passed.
 */
final class PendingScripts {
    private static final Field SQL_SCRIPT = sqlScriptField();
    /** A quoted SQL literal, doubled quotes inside it included, running to the end if unterminated. */
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']++|'')*+(?:'|$)");
    /** Flyway's words for a script it refuses to run because it mixes (ParserSqlScript, mixed=false). */
    private static final Pattern MIXED =
            Pattern.compile("both transactional and non-transactional statements.*?at line (\\d+)", Pattern.DOTALL);

    private PendingScripts() {}

    /** @param baseline skip versions at or below it (an adoption records them without running them); null for none */
    static List<PendingScript> of(Flyway flyway, MigrationVersion baseline) {
        boolean grouped = flyway.getConfiguration().isGroup();
        List<PendingScript> scripts = new ArrayList<>();
        Flyway mixed = null;
        for (MigrationInfo m : above(flyway.info().pending(), baseline)) {
            PendingScript script = read(m, grouped);
            if (script.mixedAtLine() > 0) {
                // Flyway refuses the script as migrate runs it; a Flyway that allows mixing still
                // splits it, so that its statements are checked too.
                if (mixed == null) {
                    mixed = FlywayDefaults.load(
                            Flyway.configure(flyway.getConfiguration().getClassLoader())
                                    .configuration(flyway.getConfiguration())
                                    .mixed(true));
                }
                script = splitAnyway(mixed, m, script);
            }
            scripts.add(script);
        }
        return scripts;
    }

    /**
     * The files that the empty-database shortcut sends whole, in one transaction: split as
     * PostgreSQL splits them (WholeFile), since that is how they run; Flyway neither resolves nor
     * parses them for it.
     *
     * @param files as EmptyDatabaseMigrate.sendable gives them
     */
    static List<PendingScript> wholeFiles(List<EmptyDatabaseMigrate.Script> files) {
        return files.stream()
                .map(f -> new PendingScript(f.name(), true, true, WholeFile.statements(f.text()), f.text(), null, 0))
                .toList();
    }

    private static PendingScript splitAnyway(Flyway mixed, MigrationInfo refused, PendingScript script) {
        for (MigrationInfo m : mixed.info().pending()) {
            if (m.getScript().equals(refused.getScript())) {
                PendingScript split = read(m, script.grouped());
                if (split.unreadable() == null) {
                    return new PendingScript(
                            script.file(),
                            false,
                            script.grouped(),
                            split.statements(),
                            split.text(),
                            script.unreadable(),
                            script.mixedAtLine());
                }
            }
        }
        return script;
    }

    private static PendingScript read(MigrationInfo m, boolean grouped) {
        String file = m.getScript();
        MigrationExecutor executor = m instanceof MigrationInfoImpl impl && impl.getResolvedMigration() != null
                ? impl.getResolvedMigration().getExecutor()
                : null;
        if (!(executor instanceof SqlMigrationExecutor sql)) {
            return unreadable(file, "not a SQL migration (a Java migration's code is not read)");
        }
        if (SQL_SCRIPT == null) {
            return unreadable(file, "this Flyway version does not expose its parsed script to the linter");
        }
        try {
            SqlScript script = (SqlScript) SQL_SCRIPT.get(sql);
            List<PendingScript.PendingStatement> statements = new ArrayList<>();
            try (SqlStatementIterator it = script.getSqlStatements()) {
                while (it.hasNext()) {
                    SqlStatement s = it.next();
                    statements.add(new PendingScript.PendingStatement(
                            s.getLineNumber(), s.getSql(), !s.canExecuteInTransaction()));
                }
            }
            boolean inTransaction = script.executeInTransaction();
            return new PendingScript(file, inTransaction, grouped, statements, text(script), null, 0);
        } catch (FlywayException e) {
            // Such as a script mixing statements that can and cannot run in a transaction, which
            // Flyway refuses to run (mixed=false): migrate would fail on it the same way.
            Matcher mixed = MIXED.matcher(String.valueOf(e.getMessage()));
            return new PendingScript(
                    file,
                    true,
                    grouped,
                    List.of(),
                    null,
                    "Flyway cannot run it as it is: " + withoutLiterals(String.valueOf(e.getMessage())),
                    mixed.find() ? Integer.parseInt(mixed.group(1)) : 0);
        } catch (IllegalAccessException | RuntimeException e) {
            return unreadable(
                    file, "Flyway's script could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Flyway's message on one line, its quoted literals elided: it may quote the statement it
     * stopped at ("Offending statement found at line 2: alter role app password '...'"), and the
     * lint's report, its JSON and the audit row never carry a literal (Linter shows none either).
     */
    static String withoutLiterals(String message) {
        return LITERAL.matcher(message.replaceAll("\\s*\\R\\s*", " ")).replaceAll("'...'");
    }

    private static String text(SqlScript script) {
        try (Reader reader = script.getResource().read()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static PendingScript unreadable(String file, String why) {
        return new PendingScript(file, true, false, List.of(), null, why, 0);
    }

    private static Field sqlScriptField() {
        try {
            Field field = SqlMigrationExecutor.class.getDeclaredField("sqlScript");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The pending migrations that a run would apply: those above the baseline an adoption
     * records (a versioned migration at or below it is the adopted schema's), all when it is null.
     */
    static List<MigrationInfo> above(MigrationInfo[] pending, MigrationVersion baseline) {
        return Arrays.stream(pending)
                .filter(m ->
                        baseline == null || !m.isVersioned() || m.getVersion().compareTo(baseline) > 0)
                .toList();
    }
}
