package org.daadaar.runner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.output.JsonLogLine;
import org.daadaar.runner.output.OneLine;
import org.daadaar.runner.output.OutputFormat;
import org.daadaar.runner.output.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The one factory for the command line, used by Main and by the tests: it wires the tasks, the
 * environment defaults, the execution of chained tasks and the mapping of failures to exit codes.
 */
public final class Cli {
    private Cli() {}

    /**
     * The runner's top-level commands, in the order --help lists them within their groups: the one
     * place a command is registered. Making the objects is cheap; what costs is picocli's model of
     * each (reflection over its options, an annotation proxy per kind), which {@link #run} builds
     * only for the commands a call names.
     */
    private static List<Object> commands() {
        return List.of(
                new PingCommand(),
                new MigrateCommand(),
                new LintCommand(),
                new InfoCommand(),
                new ValidateCommand(),
                new RepairCommand(),
                new SeedCommand(),
                new CleanupTestUsersCommand(),
                new BackfillMemberRoleCommand(),
                new DoctorCommand(),
                new CodeBuildCommand(),
                new IamPolicyCommand(),
                new DrizzleImportCommand());
    }

    /** The whole command line, every command in it: for help, and for the tests that read the model. */
    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return create(out, err, env, command -> true, null);
    }

    /** Runs a call as Main does, on the command line {@link #forCall} builds for it. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The version alone needs no command line: picocli's model of the root command (its
            // options read by reflection, an annotation proxy per kind) was half of its time.
            // Printed as picocli prints it; no environment variable is read for it.
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            out.flush();
            return CommandLine.ExitCode.OK;
        }
        return forCall(out, err, env, args).execute(args);
    }

    /**
     * The command line for one call: the root and only the commands whose names are among the
     * call's words. A word is read as a command only if it is one's name, so for a call that parses
     * and asks for no usage help, the commands left out could not change what it does. What needs
     * all of them is run again on the whole command line, from the start, since nothing has
     * happened yet when either is found: a parse error (its "did you mean" and the list of the
     * tasks) and a request for usage help (the list of the commands).
     */
    static CommandLine forCall(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        List<String> words = List.of(args);
        IntSupplier whole = () -> create(out, err, env).execute(args);
        return create(out, err, env, command -> names(command).anyMatch(words::contains), whole);
    }

    /** A command's name and aliases, as its annotation gives them to picocli. */
    private static Stream<String> names(Object command) {
        Command annotation = command.getClass().getAnnotation(Command.class);
        return Stream.concat(Stream.of(annotation.name()), Stream.of(annotation.aliases()));
    }

    /**
     * @param whole for a command line of some commands only: runs the call on the whole one instead,
     *     for what needs it; null for the whole command line
     */
    private static CommandLine create(
            PrintWriter out, PrintWriter err, Map<String, String> env, Predicate<Object> built, IntSupplier whole) {
        Redactor redactor = new Redactor();
        RootCommand root = new RootCommand(env, out, err, redactor);
        CommandLine cli = new CommandLine(root);
        for (Object command : commands()) {
            if (built.test(command)) {
                cli.addSubcommand(command);
            }
        }
        // Everything from TASK on belongs to the tasks, whose options run must not try to read.
        CommandLine codebuild = cli.getSubcommands().get("codebuild");
        if (codebuild != null) {
            codebuild.getSubcommands().get("run").setStopAtPositional(true);
        }
        // No @file expansion: the runner documents none, and a word of a password split at a space
        // that starts with '@' would otherwise be read as a file name and replaced by its content.
        cli.setExpandAtFiles(false);
        GroupedCommandList.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setHelpFactory(new EnvHelp());
        cli.setExecutionStrategy(parseResult -> {
            if (whole != null && usageHelpRequested(parseResult)) {
                return whole.getAsInt();
            }
            try {
                return execute(parseResult);
            } catch (RuntimeException e) {
                // Handled here rather than in an execution-exception handler: picocli hands only
                // exceptions from a command's own call() to that handler, not from a strategy.
                RunnerException failure = e instanceof RunnerException r
                        ? r
                        : RunnerException.taskFailed(
                                "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                printError(err, redactor, root, failure);
                return failure.exitCode();
            }
        });
        // In the run's log format too: LOG_FORMAT, or a --log-format parsed before the bad argument.
        // picocli's own message echoes arguments, which may be pieces of a URL: see ArgumentErrors.
        cli.setParameterExceptionHandler((e, args) -> {
            if (whole != null) {
                return whole.getAsInt();
            }
            RunnerException failure = ArgumentErrors.failure(e, args);
            printError(err, redactor, root, failure);
            return failure.exitCode();
        });
        return cli;
    }

    /** Whether the call asks for the usage of the runner or of any of its commands. */
    private static boolean usageHelpRequested(ParseResult parseResult) {
        return parseResult.isUsageHelpRequested()
                || parseResult.subcommands().stream().anyMatch(Cli::usageHelpRequested);
    }

    private static int execute(ParseResult parseResult) {
        Integer helpExit = CommandLine.executeHelpRequest(parseResult);
        if (helpExit != null) {
            return helpExit;
        }
        RootCommand root = (RootCommand) parseResult.commandSpec().userObject();
        List<ParseResult> commands = parseResult.subcommands();
        RunsAlone.checkAlone(commands);
        if (commands.size() == 1 && commands.get(0).commandSpec().userObject() instanceof RunsAlone alone) {
            return alone.runAlone(root, commands.get(0));
        }
        // What is left are tasks: every top-level command that does not run alone is a TaskCommand.
        return root.run(commands.stream()
                .map(sub -> (TaskCommand) sub.commandSpec().userObject())
                .toList());
    }

    /** One line, masked; a --verbose stack trace follows it as is, and in JSON is one field. */
    private static void printError(PrintWriter err, Redactor redactor, RootCommand root, RunnerException failure) {
        String message = OneLine.masked(redactor, failure.getMessage());
        String trace = null;
        if (root.verbose() && failure.getCause() != null) {
            StringWriter stack = new StringWriter();
            failure.getCause().printStackTrace(new PrintWriter(stack));
            trace = redactor.mask(stack.toString());
        }
        if (root.logFormat() == OutputFormat.JSON) {
            err.println(JsonLogLine.write(Instant.now(), "ERROR", "db-runner", message, failure.exitCode(), trace));
        } else {
            err.println("error: " + message);
            if (trace != null) {
                err.print(trace);
            }
        }
        err.flush();
    }
}
