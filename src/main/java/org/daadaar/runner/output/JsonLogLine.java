package org.daadaar.runner.output;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one shape of a JSON line on stderr, for CloudWatch Logs Insights: time, level, logger,
 * message, then exit_code and error when there are. A log event and the final error line share it,
 * so that one query reads both.
 */
public final class JsonLogLine {
    private JsonLogLine() {}

    /**
     * @param message already on one line and masked
     * @param exitCode the run's exit code on the final error line, else null
     * @param error the failure (a --verbose stack trace, or its class and message), masked, or null
     */
    public static String write(
            Instant time, String level, String logger, String message, Integer exitCode, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", time.toString());
        fields.put("level", level);
        fields.put("logger", logger);
        fields.put("message", message);
        if (exitCode != null) {
            fields.put("exit_code", exitCode);
        }
        if (error != null) {
            fields.put("error", error);
        }
        return Json.write(fields);
    }
}
