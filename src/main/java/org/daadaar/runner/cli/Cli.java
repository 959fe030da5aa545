package org.daadaar.runner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.output.JsonLogLine;
import org.daadaar.runner.output.OneLine;
import org.daadaar.runner.output.OutputFormat;
import org.daadaar.runner.output.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The one factory for the command line, used by Main and by the tests: it wires the tasks, the
 * environment defaults, the execution of chained tasks and the mapping of failures to exit codes.
 */
public final class Cli {
    private Cli() {}

    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env) {
        Redactor redactor = new Redactor();
        RootCommand root = new RootCommand(env, out, err, redactor);
        CommandLine cli = new CommandLine(root);
        for (Object task : List.of(
                new PingCommand(),
                new MigrateCommand(),
                new LintCommand(),
                new InfoCommand(),
                new ValidateCommand(),
                new RepairCommand(),
                new SeedCommand(),
                new CleanupTestUsersCommand(),
                new BackfillMemberRoleCommand(),
                new DoctorCommand())) {
            cli.addSubcommand(task);
        }
        cli.addSubcommand(new CodeBuildCommand());
        cli.addSubcommand(new IamPolicyCommand());
        cli.addSubcommand(new DrizzleImportCommand());
        // Everything from TASK on belongs to the tasks, whose options run must not try to read.
        cli.getSubcommands().get("codebuild").getSubcommands().get("run").setStopAtPositional(true);
        // No @file expansion: the runner documents none, and a word of a password split at a space
        // that starts with '@' would otherwise be read as a file name and replaced by its content.
        cli.setExpandAtFiles(false);
        GroupedCommandList.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setHelpFactory(new EnvHelp());
        cli.setExecutionStrategy(parseResult -> {
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
            RunnerException failure = ArgumentErrors.failure(e, args);
            printError(err, redactor, root, failure);
            return failure.exitCode();
        });
        return cli;
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
