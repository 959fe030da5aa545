package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.db.FlywayDefaults;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.daadaar.runner.tasks.lint.PendingScript;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The empty-database shortcut lints its files as PostgreSQL splits them (WholeFile), not through
 * Flyway's parser: on drizzle-kit's shapes and on SQL that hides semicolons, both give the same
 * statements on the same lines, so the linter's findings do not depend on which one ran.
 */
class WholeFileSplitTest {
    private static final String TRICKY =
            """
            -- a comment; with a semicolon
            CREATE TABLE "a;b" (id int, note text DEFAULT 'x;y');
            /* a block; /* nested; */ comment */
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END; $fn$;
            INSERT INTO "a;b" (note) VALUES (E'it\\'s; here');

            COMMENT ON TABLE "a;b" IS 'semi;colon'""";

    @TempDir
    Path dir;

    @Test
    void gives_the_statements_and_lines_flyways_parser_gives() throws IOException {
        List<EmptyDatabaseMigrate.Script> texts = new ArrayList<>();
        List<String> bodies =
                List.of(DrizzleFolder.INIT, DrizzleFolder.POSTS, DrizzleFolder.STATUS, DrizzleFolder.DATA, TRICKY);
        for (int i = 0; i < bodies.size(); i++) {
            String file = "V" + (i + 1) + "__m" + i + ".sql";
            Files.writeString(dir.resolve(file), bodies.get(i));
            texts.add(new EmptyDatabaseMigrate.Script(file, file, i + 1, "m" + i, 0, bodies.get(i)));
        }
        Sql db = Sql.on(TestDatabase.fresh(getClass()));
        Flyway flyway = FlywayDefaults.load(
                FlywayDefaults.configure(getClass().getClassLoader(), db.dataSource(), Duration.ofSeconds(5))
                        .locations("filesystem:" + dir));

        List<PendingScript> flyways = PendingScripts.of(flyway, null);
        List<PendingScript> whole = PendingScripts.wholeFiles(texts);

        assertThat(whole).hasSameSizeAs(flyways);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(shape(whole.get(i)))
                    .as(whole.get(i).file())
                    .hasSizeGreaterThan(1)
                    .isEqualTo(shape(flyways.get(i)));
        }
    }

    /** Each statement's line and text, line endings and surrounding blanks aside. */
    private static List<String> shape(PendingScript script) {
        return script.statements().stream()
                .map(s -> s.line() + ": " + s.sql().replace("\r\n", "\n").strip())
                .toList();
    }
}
