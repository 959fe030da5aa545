package org.daadaar.runner.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;

/** Log events and the final error line share one JSON shape, so that one Logs Insights query reads both. */
class JsonLogLineTest {
    private static final Instant TIME = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void fields_come_in_one_order_and_absent_ones_are_left_out() {
        assertThat(JsonLogLine.write(TIME, "INFO", "db-runner", "ping: starting", null, null))
                .isEqualTo("{\"time\":\"2026-01-02T03:04:05.678Z\",\"level\":\"INFO\",\"logger\":\"db-runner\","
                        + "\"message\":\"ping: starting\"}");
        assertThat(JsonLogLine.write(TIME, "ERROR", "db-runner", "failed", 3, "java.io.IOException: x"))
                .isEqualTo("{\"time\":\"2026-01-02T03:04:05.678Z\",\"level\":\"ERROR\",\"logger\":\"db-runner\","
                        + "\"message\":\"failed\",\"exit_code\":3,\"error\":\"java.io.IOException: x\"}");
    }

    @Test
    void the_command_lines_error_line_has_that_shape() {
        CliRun run = CliRun.run("--log-format", "json", "ping");

        assertThat(run.err().strip())
                .matches("\\{\"time\":\"[^\"]+\",\"level\":\"ERROR\",\"logger\":\"db-runner\",\"message\":\"[^\"]+\","
                        + "\"exit_code\":2}");
    }
}
