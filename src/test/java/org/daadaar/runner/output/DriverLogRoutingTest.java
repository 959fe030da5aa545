package org.daadaar.runner.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.daadaar.runner.cli.Cli;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.JvmRun;
import org.daadaar.runner.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * pgjdbc logs through java.util.logging, whose default handler writes its own two-line format to
 * System.err. With --log-format json, every line on stderr must still be JSON.
 */
class DriverLogRoutingTest {
    private static final JsonNodeParser JSON = JsonNodeParser.create();
    private static DatabaseUrl db;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh(DriverLogRoutingTest.class);
    }

    /**
     * A JUL configuration that prints everything the driver says, as a JAVA_TOOL_OPTIONS or a
     * library could set: without the routing, the driver's FINE lines reach stderr raw.
     */
    @Test
    void every_stderr_line_is_json_even_when_jul_is_configured_to_print_everything(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "handlers=java.util.logging.ConsoleHandler",
                        ".level=FINEST",
                        "java.util.logging.ConsoleHandler.level=FINEST",
                        "org.postgresql.level=FINEST",
                        "org.postgresql.handlers=java.util.logging.ConsoleHandler",
                        ""));

        JvmRun run = JvmRun.run(
                List.of("-Djava.util.logging.config.file=" + config),
                Map.of(),
                "--log-format",
                "json",
                "--database-url",
                TestDatabase.cliUrl(db),
                "migrate",
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err().lines()).as(run.toString()).isNotEmpty().allSatisfy(line -> assertThat(
                        JSON.parse(line).asObject())
                .containsKeys("time", "level", "logger", "message"));
        assertThat(run.err()).as("Flyway's lines are among them").contains("org.flywaydb");
    }

    @Test
    void a_driver_warning_is_one_json_line_in_the_run_format() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), Map.of())
                .execute("--log-format", "json", "--database-url", TestDatabase.cliUrl(db), "ping");
        assertThat(exit).as(err.toString()).isZero();
        int before = err.toString().split("\n").length;

        // As pgjdbc logs it (ConnectionFactoryImpl, WARNING, a parameter), once the run has set up
        // logging: the record goes to that run's stderr, in its format.
        Logger.getLogger("org.postgresql.core.v3.ConnectionFactoryImpl")
                .log(Level.WARNING, "Ignore invalid value for receiveBufferSize: {0}", "0\nforged");
        Logger.getLogger("org.postgresql.Driver").fine("Connecting with URL: below WARN, so not printed");

        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as(err.toString()).hasSize(before + 1);
        Map<String, JsonNode> record = JSON.parse(lines.get(lines.size() - 1)).asObject();
        assertThat(record.get("level").asString()).isEqualTo("WARN");
        assertThat(record.get("logger").asString()).isEqualTo("org.postgresql.core.v3.ConnectionFactoryImpl");
        assertThat(record.get("message").asString())
                .isEqualTo("Ignore invalid value for receiveBufferSize: 0\\nforged");
    }

    @Test
    void a_library_thread_that_dies_is_logged_in_the_run_format() throws Exception {
        StringWriter err = new StringWriter();
        int exit = Cli.create(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of())
                .execute("--log-format", "json", "--database-url", TestDatabase.cliUrl(db), "ping");
        assertThat(exit).as(err.toString()).isZero();

        Thread dying = new Thread(
                () -> {
                    throw new IllegalStateException("housekeeper\nbroke");
                },
                "library-housekeeper");
        dying.start();
        dying.join();

        List<String> lines = err.toString().lines().toList();
        Map<String, JsonNode> record = JSON.parse(lines.get(lines.size() - 1)).asObject();
        assertThat(record.get("level").asString()).isEqualTo("ERROR");
        assertThat(record.get("message").asString())
                .isEqualTo("thread library-housekeeper stopped: java.lang.IllegalStateException: housekeeper\\nbroke");
    }
}
