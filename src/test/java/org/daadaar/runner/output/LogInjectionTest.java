package org.daadaar.runner.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * A value the runner echoes may hold a line break, and a line break in a message forges a log
 * line of the attacker's choosing. Every message stays one line, in text and in JSON.
 */
class LogInjectionTest {
    private static final String FORGED = "12:00:00.000 INFO  forged";
    /** Everything some reader breaks a line at, and ESC, which can erase a line on a terminal. */
    private static final List<String> BREAKS =
            List.of("\n", "\r", "\r\n", "\u000b", "\f", "\u0085", "\u2028", "\u2029", "\u001b[2K\r");

    private static final JsonNodeParser JSON = JsonNodeParser.create();
    private static DatabaseUrl db;

    @BeforeAll
    static void migrated() {
        db = TestDatabase.fresh(LogInjectionTest.class);
        CliRun migrate = CliRun.run("--database-url", TestDatabase.cliUrl(db), "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
    }

    static Stream<Arguments> breaksInEveryFormat() {
        List<Arguments> all = new ArrayList<>();
        for (String lineBreak : BREAKS) {
            for (String format : List.of("text", "json")) {
                all.add(Arguments.of(escapedName(lineBreak), lineBreak, format));
            }
        }
        return all.stream();
    }

    private static String escapedName(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format("U+%04X ", c)));
        return out.toString().strip();
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("breaksInEveryFormat")
    void an_organization_name_cannot_forge_a_line(String name, String lineBreak, String format) {
        CliRun run = CliRun.run(
                "--database-url",
                TestDatabase.cliUrl(db),
                "--log-format",
                format,
                "--output",
                format,
                "backfill-member-role",
                "--organization-name",
                "Acme" + lineBreak + FORGED);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).as(run.toString()).contains("no organization has the name");
        assertOneLineEach(run, format);
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("breaksInEveryFormat")
    void a_database_name_in_a_log_line_cannot_forge_a_line(String name, String lineBreak, String format) {
        String encoded = lineBreak
                .chars()
                .mapToObj(
                        c -> java.net.URLEncoder.encode(Character.toString(c), java.nio.charset.StandardCharsets.UTF_8))
                .reduce("", String::concat);
        CliRun run = CliRun.run(
                "--log-format",
                format,
                "--output",
                format,
                "--database-url",
                "postgresql://app:pw@127.0.0.1:1/core" + encoded + FORGED.replace(" ", "%20"),
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err())
                .as("the database name is echoed, so the test tries a forgery")
                .contains("forged");
        assertOneLineEach(run, format);
    }

    @Test
    void a_migration_file_name_cannot_forge_a_flyway_log_line(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__note\n" + FORGED + ".sql"), "create table note (id int);\n");

        for (String format : List.of("text", "json")) {
            DatabaseUrl empty = TestDatabase.fresh(LogInjectionTest.class);
            CliRun run = CliRun.run(
                    "--database-url",
                    TestDatabase.cliUrl(empty),
                    "--log-format",
                    format,
                    "--output",
                    format,
                    "migrate",
                    "--locations",
                    "filesystem:" + migrations);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err().lines())
                    .as("Flyway's line names the migration, on the same line: %s", run)
                    .anyMatch(line -> line.contains("Migrating") && line.contains(FORGED));
            assertOneLineEach(run, format);
        }
    }

    private static void assertOneLineEach(CliRun run, String format) {
        for (String stream : List.of(run.out(), run.err())) {
            assertThat(stream.chars().filter(c -> c != '\n' && isBreakOrControl((char) c)))
                    .as("raw control characters in %s", run)
                    .isEmpty();
            for (String line : stream.lines().toList()) {
                assertThat(line)
                        .as("a forged line in %s", run)
                        .doesNotStartWith(FORGED)
                        .doesNotStartWith("forged");
                if (format.equals("json")) {
                    Map<String, JsonNode> object = JSON.parse(line).asObject();
                    JsonNode message = object.getOrDefault("message", object.get("error"));
                    if (stream == run.err()) {
                        // Every log line has a message; the report's objects on stdout have none.
                        assertThat(message).as("a message in %s", line).isNotNull();
                    }
                    if (message != null) {
                        assertThat(message.asString().chars().filter(c -> isBreakOrControl((char) c)))
                                .as("the message of %s is one line as text too", line)
                                .isEmpty();
                    }
                }
            }
        }
    }

    private static boolean isBreakOrControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
