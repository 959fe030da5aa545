package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.daadaar.runner.support.JvmRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * --help of every command renders cleanly. picocli formats descriptions with String.format, so a
 * bare '%' ("10% test users") makes it print a warning, not to the command line's writers but
 * to System.err: its tracer takes System.err anew on every use (CommandLine.tracer()), so each
 * help is rendered in this JVM with System.err captured for that one call. One real JVM checks
 * that a process started for --help prints nothing else on stderr either.
 */
class HelpTest {
    /** Every command path, walked from the command line itself so that a new command is covered. */
    static Stream<List<String>> commands() {
        StringWriter sink = new StringWriter();
        CommandLine root = Cli.create(new PrintWriter(sink), new PrintWriter(sink), Map.of());
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, paths);
        });
    }

    /** What one help printed: the command line's own writers, and System.err while it ran. */
    record Help(int exitCode, String out, String err, String systemErr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err + "--- System.err\n" + systemErr;
        }
    }

    /** Builds the command line under test on the given writers. */
    interface Factory {
        CommandLine create(PrintWriter out, PrintWriter err);
    }

    private static Help help(Factory factory, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
            exit = factory.create(new PrintWriter(out, true), new PrintWriter(err, true))
                    .execute(args.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }
        return new Help(exit, out.toString(), err.toString(), systemErr.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void help_renders_without_picocli_warnings(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        Help run = help((out, err) -> Cli.create(out, err, Map.of()), args);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("Usage:").doesNotContain("[picocli WARN]");
        assertThat(run.err()).as(run.toString()).isEmpty();
        assertThat(run.systemErr()).as(run.toString()).doesNotContain("[picocli");
    }

    @Command(name = "careless", mixinStandardHelpOptions = true, description = "Deletes 10% of nothing.")
    static final class CarelessCommand implements Runnable {
        @Override
        public void run() {}
    }

    /** The capture above sees what it looks for: a bare '%' is caught, as in a real process. */
    @Test
    void a_description_with_a_bare_percent_sign_is_caught() {
        Help run = help(
                (out, err) -> new CommandLine(new CarelessCommand()).setOut(out).setErr(err), List.of("--help"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.systemErr()).contains("[picocli WARN] Could not format 'Deletes 10% of nothing.'");
    }

    @Test
    void a_real_process_prints_help_and_nothing_on_stderr() {
        JvmRun run = JvmRun.run("--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("Usage:").doesNotContain("[picocli WARN]");
        assertThat(run.err()).as(run.toString()).isEmpty();
    }

    @Test
    void every_command_is_walked() {
        assertThat(commands()).contains(List.of(), List.of("seed"), List.of("codebuild", "run"));
    }
}
