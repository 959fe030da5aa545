package org.daadaar.runner.output;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;

/**
 * The report on stdout: lines for people, or one JSON object per task per line. Every line is
 * masked and kept to one line ({@link OneLine}), whatever values a task put into it.
 */
public final class Reporter {
    private final PrintWriter out;
    private final OutputFormat format;
    private final Redactor redactor;

    public Reporter(PrintWriter out, OutputFormat format, Redactor redactor) {
        this.out = out;
        this.format = format;
        this.redactor = redactor;
    }

    public void report(TaskResult result) {
        if (format == OutputFormat.JSON) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("task", result.task());
            object.put("status", result.status().word());
            object.putAll(result.details());
            print(Json.write(object));
        } else {
            result.lines().forEach(this::print);
        }
    }

    /** In JSON a failed task still gets its object, so a reader of stdout sees every task once. */
    public void failed(String task, int exitCode, String message) {
        if (format == OutputFormat.JSON) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("task", task);
            object.put("status", TaskStatus.FAILED.word());
            object.put("exit_code", exitCode);
            object.put("error", OneLine.masked(redactor, message));
            print(Json.write(object));
        }
    }

    public void line(String text) {
        print(text);
    }

    private void print(String text) {
        out.println(OneLine.masked(redactor, text));
        out.flush();
    }
}
