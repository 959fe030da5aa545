package org.daadaar.runner.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.daadaar.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns `codebuild run TASK [task options]` into the build's environment overrides. The task part
 * is parsed by a fresh command line from {@link Cli}, the same one the container runs, and each
 * task's {@link TaskCommand#task()} validates it, so a typo fails here with the task's own exit
 * code before anything is sent.
 *
 * <p>An option whose environment variable the buildspec passes into the container
 * ({@code -e ORGANIZATION_ID}) travels as that variable; every other word travels in TASK, which
 * the buildspec splits on spaces (and would glob), so such words may hold neither.
 */
final class TaskOverrides {
    private static final Pattern FORWARDED = Pattern.compile("-e\\s+([A-Z_][A-Z0-9_]*)");
    private static final Pattern UNSAFE_IN_TASK = Pattern.compile("[\\s*?\\[]");

    private TaskOverrides() {}

    /** Parses the task part; help for a task (codebuild run migrate --help) is handled by the caller. */
    static ParseResult parse(List<String> taskArgs, PrintWriter out, PrintWriter err) {
        CommandLine fresh = Cli.create(out, err, Map.of());
        try {
            return fresh.parseArgs(taskArgs.toArray(String[]::new));
        } catch (ParameterException e) {
            throw RunnerException.badInput(ArgumentErrors.describe(e, taskArgs.toArray(String[]::new))
                    + " (in the task part; nothing was sent to CodeBuild)");
        }
    }

    /** Validates every task and returns the overrides, TASK first. */
    static Map<String, String> of(ParseResult parsed, String buildspec, boolean dryRun) {
        List<Object> commands = parsed.subcommands().stream()
                .map(s -> s.commandSpec().userObject())
                .toList();
        for (ParseResult sub : parsed.subcommands()) {
            Object command = sub.commandSpec().userObject();
            if (command instanceof TaskCommand task) {
                task.task();
            } else if (!(command instanceof DoctorCommand)) {
                throw RunnerException.badInput(sub.commandSpec().name() + " is not a task: codebuild run takes tasks"
                        + " such as ping or migrate, with their options");
            }
        }
        RootCommand.checkDoctorRunsAlone(commands);

        Set<String> forwarded = forwardedVariables(buildspec);
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        if (dryRun) {
            if (forwarded.contains("DRY_RUN")) {
                variables.put("DRY_RUN", "true");
            } else {
                words.add("--dry-run");
            }
        }
        for (ParseResult sub : parsed.subcommands()) {
            words.add(sub.commandSpec().name());
            for (OptionSpec option : sub.matchedOptions()) {
                // A flag (--force) records "true" as its value; it travels as the bare flag.
                boolean flag = option.arity().max() == 0;
                List<String> values = flag ? List.of() : option.originalStringValues();
                String variable = EnvDefaults.VARIABLES.get(option.longestName());
                if (variable != null && forwarded.contains(variable)) {
                    put(variables, variable, flag ? "true" : String.join(",", values));
                } else if (flag) {
                    words.add(option.longestName());
                } else {
                    for (String value : values) {
                        words.add(option.longestName());
                        words.add(word(option.longestName(), value));
                    }
                }
            }
            for (PositionalParamSpec positional : sub.matchedPositionals()) {
                positional.originalStringValues().forEach(v -> words.add(word(positional.paramLabel(), v)));
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("TASK", String.join(" ", words));
        overrides.putAll(variables);
        return overrides;
    }

    /** The variables the buildspec passes into the container by name. */
    static Set<String> forwardedVariables(String buildspec) {
        Matcher m = FORWARDED.matcher(buildspec);
        return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
    }

    private static void put(Map<String, String> variables, String name, String value) {
        String before = variables.putIfAbsent(name, value);
        if (before != null && !before.equals(value)) {
            throw RunnerException.badInput("two tasks set " + name + " differently ('" + before + "' and '" + value
                    + "'); one build passes one value: run them as separate builds");
        }
    }

    private static String word(String option, String value) {
        if (value.isEmpty() || UNSAFE_IN_TASK.matcher(value).find()) {
            throw RunnerException.badInput(option + " '" + value + "' cannot travel in TASK: the buildspec splits TASK"
                    + " on spaces and expands *, ? and [; give a value without them");
        }
        return value;
    }
}
