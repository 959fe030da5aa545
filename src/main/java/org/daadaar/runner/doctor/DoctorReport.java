package org.daadaar.runner.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.tasks.TaskResult;
import org.daadaar.runner.tasks.TaskStatus;

/** Turns the checks into the report: a line per check for people, one object for --output json. */
public final class DoctorReport {
    private DoctorReport() {}

    /** 0 when every check passed; else 3, since each check is of the environment the runner needs. */
    public static int exitCode(List<Check> checks) {
        return allPassed(checks) ? ExitCode.OK : ExitCode.ENVIRONMENT;
    }

    public static boolean allPassed(List<Check> checks) {
        return checks.stream().noneMatch(c -> c.outcome() == Check.Outcome.FAIL);
    }

    public static TaskResult toResult(List<Check> checks) {
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Check check : checks) {
            lines.add(String.format(
                    "%-4s  %-26s %6d ms  %s", check.outcome(), check.name(), check.millis(), check.detail()));
            if (!check.hint().isEmpty() && check.outcome() == Check.Outcome.FAIL) {
                lines.add("      hint: " + check.hint());
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("name", check.name());
            object.put("result", check.outcome().name());
            object.put("millis", check.millis());
            object.put("detail", check.detail());
            object.put("hint", check.hint());
            objects.add(object);
        }
        boolean passed = allPassed(checks);
        lines.add(passed ? "doctor: every check passed" : "doctor: a check failed; its hint says what to fix");
        return new TaskResult(
                "doctor", passed ? TaskStatus.SUCCEEDED : TaskStatus.FAILED, Map.of("checks", objects), lines);
    }
}
