package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.daadaar.runner.support.JvmRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * --help of every command renders cleanly. picocli formats descriptions with String.format, so a
 * bare '%' ("10% test users") makes it print a warning to System.err: hence a JVM of its own.
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

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void help_renders_without_picocli_warnings(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        JvmRun run = JvmRun.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("Usage:");
        assertThat(run.err())
                .as(run.toString())
                .doesNotContain("[picocli WARN]")
                .isEmpty();
        assertThat(run.out()).as(run.toString()).doesNotContain("[picocli WARN]");
    }

    @Test
    void every_command_is_walked() {
        assertThat(commands()).contains(List.of(), List.of("seed"), List.of("codebuild", "run"));
    }
}
