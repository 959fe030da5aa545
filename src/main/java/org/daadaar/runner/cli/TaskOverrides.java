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
import org.daadaar.runner.config.SslMode;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns `codebuild run [runner options] TASK [task options]` into the build's environment
 * overrides. The words are parsed by a fresh command line from {@link Cli}, the same one the
 * container runs, and each task's {@link TaskCommand#task()} validates them, so a typo fails here
 * with the task's own exit code before anything is sent.
 *
 * <p>An option whose environment variable the buildspec passes into the container
 * ({@code -e ORGANIZATION_ID}) travels as that variable; every other word travels in TASK, which
 * the buildspec splits on spaces (and would glob), so such words may hold neither. The runner's
 * global options that make sense in a build lead TASK, where the runner in the container reads
 * them as global options ({@code java -jar runner.jar --lock-timeout 30s migrate}); the others are
 * refused, each with its reason, rather than dropped.
 */
final class TaskOverrides {
    private static final Pattern FORWARDED = Pattern.compile("-e\\s+([A-Z_][A-Z0-9_]*)");
    private static final Pattern UNSAFE_IN_TASK = Pattern.compile("[\\s*?\\[]");

    /** The global options that mean the same in the build as here, passed on. */
    static final Set<String> PASSED_ON = Set.of(
            "--dry-run",
            "--no-audit",
            "--output",
            "--log-format",
            "--verbose",
            "--connect-timeout",
            "--lock-timeout",
            "--statement-timeout",
            "--lock-wait",
            "--secrets-timeout",
            "--ssl-mode",
            "--iam-auth");

    /** Options whose value may be a secret, or the tail of one. */
    private static final List<String> SECRET_OPTIONS =
            List.of("--database-url", "--database-secret-id", "--password-secret-id");

    /** The global options that cannot mean what they say in a build, and why. */
    static final Map<String, String> REFUSED = refused();

    private TaskOverrides() {}

    private static Map<String, String> refused() {
        String database = "the build's database comes from the project's environment (DATABASE_URL or"
                + " DATABASE_SECRET_ID, resolved from Secrets Manager); change it there, not per build, and"
                + " never pass a secret on a command line";
        Map<String, String> refused = new LinkedHashMap<>();
        SECRET_OPTIONS.forEach(option -> refused.put(option, database));
        String local = "a throwaway PostgreSQL is started on this machine, not in the build: run the task without"
                + " codebuild run";
        refused.put("--local", local);
        refused.put("--keep", local);
        refused.put(
                "--ssl-root-cert",
                "a path on this machine means nothing in the build; the image carries the RDS CA bundle and"
                        + " uses it by default");
        refused.put(
                "--region",
                "it picks where the build starts, so it goes with run's own options: codebuild run --region R"
                        + " [runner options] TASK");
        return Map.copyOf(refused);
    }

    /**
     * Refuses, before any parsing, the options whose value may be a secret: a parser's message
     * echoes the argument it could not place, which may be the tail of a pasted URL's password.
     */
    static void refuseSecretOptions(List<String> words) {
        for (String word : words) {
            for (String option : SECRET_OPTIONS) {
                if (word.equals(option) || word.startsWith(option + "=")) {
                    throw refusal(option);
                }
            }
        }
    }

    /**
     * Parses the runner options and the task part; help for a task (codebuild run migrate --help)
     * is handled by the caller.
     *
     * @param runOptions the option names of codebuild run itself, for the hint when one comes too late
     */
    static ParseResult parse(List<String> words, Set<String> runOptions, PrintWriter out, PrintWriter err) {
        refuseSecretOptions(words);
        CommandLine fresh = Cli.create(out, err, Map.of());
        try {
            return fresh.parseArgs(words.toArray(String[]::new));
        } catch (UnmatchedArgumentException e) {
            for (String unmatched : e.getUnmatched()) {
                if (runOptions.contains(unmatched)) {
                    throw RunnerException.badInput(unmatched + " is an option of codebuild run: give it before the"
                            + " runner's options and TASK (codebuild run " + unmatched
                            + " --lock-timeout 30s migrate); nothing was sent to CodeBuild");
                }
                if (fresh.getCommandSpec().optionsMap().containsKey(unmatched)) {
                    throw RunnerException.badInput(unmatched + " is an option of the runner, not of a task: give it"
                            + " before the first task (codebuild run --lock-timeout 30s migrate); nothing was sent"
                            + " to CodeBuild");
                }
            }
            throw inTaskPart(e, words);
        } catch (ParameterException e) {
            throw inTaskPart(e, words);
        }
    }

    /** The same wording as the runner's own argument errors: no echo of anything near a URL. */
    private static RunnerException inTaskPart(ParameterException e, List<String> words) {
        return RunnerException.badInput(ArgumentErrors.describe(e, words.toArray(String[]::new))
                + " (in the task part; nothing was sent to CodeBuild)");
    }

    /** Validates every task and the runner options, and returns the overrides, TASK first. */
    static Map<String, String> of(ParseResult parsed, String buildspec) {
        for (OptionSpec option : parsed.matchedOptions()) {
            String name = option.longestName();
            if (REFUSED.containsKey(name)) {
                throw refusal(name);
            }
            if (!PASSED_ON.contains(name)) {
                throw RunnerException.badInput(name + " is not passed on to a build; codebuild run passes on "
                        + String.join(", ", PASSED_ON.stream().sorted().toList()));
            }
            if (name.equals("--ssl-mode")) {
                checkSslMode(option.originalStringValues().get(0));
            }
        }
        checkIamAuth(parsed);
        if (parsed.subcommands().isEmpty()) {
            throw RunnerException.badInput("no task given after the runner's options: name one or more tasks,"
                    + " such as ping or migrate (see codebuild run --help)");
        }
        for (ParseResult sub : parsed.subcommands()) {
            if (!CommandGroup.runsInBuild(sub.commandSpec().commandLine())) {
                throw RunnerException.badInput(sub.commandSpec().name() + " is not a task: codebuild run takes tasks"
                        + " such as ping or migrate, with their options");
            }
            if (sub.commandSpec().userObject() instanceof TaskCommand task) {
                task.task(); // validates the task's options here, as the container would
            }
        }
        RunsAlone.checkAlone(parsed.subcommands());

        Set<String> forwarded = forwardedVariables(buildspec);
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        // The runner's options first: in the container they must come before the first task.
        addOptions(parsed.matchedOptions(), forwarded, variables, words);
        for (ParseResult sub : parsed.subcommands()) {
            words.add(sub.commandSpec().name());
            addOptions(sub.matchedOptions(), forwarded, variables, words);
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

    private static void addOptions(
            List<OptionSpec> options, Set<String> forwarded, Map<String, String> variables, List<String> words) {
        for (OptionSpec option : options) {
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
    }

    /**
     * The runner in the build would refuse these too, after the build has started: its database
     * is never on loopback, and only loopback may go without TLS.
     */
    private static void checkSslMode(String value) {
        if (SslMode.parse(value, "--ssl-mode").mayBePlaintext()) {
            throw RunnerException.badInput("--ssl-mode " + value + " is refused for a build: its database is not on"
                    + " loopback, where the runner allows only require, verify-ca or verify-full");
        }
    }

    /** The runner in the build would refuse it too, after the build has started. */
    private static void checkIamAuth(ParseResult parsed) {
        if (parsed.hasMatchedOption("--iam-auth") && parsed.hasMatchedOption("--ssl-mode")) {
            String mode =
                    parsed.matchedOption("--ssl-mode").originalStringValues().get(0);
            if (SslMode.parse(mode, "--ssl-mode") != SslMode.VERIFY_FULL) {
                throw RunnerException.badInput("--iam-auth with --ssl-mode " + mode + " is refused for a build: the"
                        + " token is sent as a clear-text password, so only verify-full (the default) may carry it");
            }
        }
    }

    private static RunnerException refusal(String option) {
        return RunnerException.badInput(option + " is not passed on to a build: " + REFUSED.get(option));
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
