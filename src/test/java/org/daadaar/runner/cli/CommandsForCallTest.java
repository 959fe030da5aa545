package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Main builds only the commands a call names (Cli.forCall); a call must not notice. */
class CommandsForCallTest {
    private static final Map<String, String> ENV = Map.of();

    /**
     * Calls that need no database: help, version (Cli.run prints a lone --version or -V itself),
     * argument errors, refusals before any connection.
     */
    private static final List<String[]> CALLS = List.of(
            new String[] {"--version"},
            new String[] {"-V"},
            new String[] {"-V", "ping"},
            new String[] {"--help"},
            new String[] {"-h"},
            new String[] {"-vh"},
            new String[] {"--help", "migrate"},
            new String[] {"ping", "--help"},
            new String[] {"migrate", "--help", "info"},
            new String[] {"codebuild", "--help"},
            new String[] {"codebuild", "run", "--help"},
            new String[] {"codebuild", "run", "migrate", "--help"},
            new String[] {"codebuild", "lgos"},
            new String[] {"iam-policy", "--help"},
            new String[] {},
            new String[] {"migrat"},
            new String[] {"ping", "valdiate"},
            new String[] {"--", "ping"},
            new String[] {"--lock-timeout", "soon", "ping"},
            new String[] {"--lock-timeout", "99999999d", "ping"},
            new String[] {"--connect-timeout", "0", "ping"},
            new String[] {"--database-url", "ping"},
            new String[] {"migrate", "--target"},
            new String[] {"migrate", "--nope"},
            new String[] {"--output", "yaml", "ping"},
            new String[] {"--keep", "ping"},
            new String[] {"doctor", "ping"},
            new String[] {"codebuild"},
            new String[] {"cleanup-test-users", "--email-pattern", "%.com", "--dry-run"},
            new String[] {"ping", "ping"});

    @Test
    void every_call_does_what_it_does_on_the_whole_command_line() {
        for (String[] args : CALLS) {
            CliRun lazy = CliRun.run(ENV, args);
            CliRun whole = whole(args);
            assertThat(lazy).as("%s", List.of(args)).isEqualTo(whole);
        }
    }

    @Test
    void a_lone_version_is_printed_whatever_the_environment_says() {
        CliRun run = CliRun.run(Map.of("DB_IAM_AUTH", "maybe", "DATABASE_URL", "not a url"), "--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("db-runner ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void a_call_gets_only_the_commands_it_names() {
        // Main prints a lone --version itself (Cli.run); forCall would build no command for it.
        assertThat(commandsFor("--version")).isEmpty();
        assertThat(commandsFor("--lock-timeout", "30s", "migrate", "--target", "7"))
                .containsExactly("migrate");
        assertThat(commandsFor("ping", "migrate", "info")).containsExactly("ping", "migrate", "info");
        // A command's name given as an option's value is built too: harmless, and picocli may read it so.
        assertThat(commandsFor("migrate", "--locations", "seed")).containsExactly("migrate", "seed");
    }

    @Test
    void every_registered_command_is_built_when_named() {
        CommandLine all = Cli.create(sink(), sink(), ENV);
        all.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) {
                return; // an alias: its command is checked under its name
            }
            assertThat(commandsFor(name)).as(name).containsExactly(name);
            assertThat(Cli.forCall(sink(), sink(), ENV, name)
                            .getSubcommands()
                            .get(name)
                            .getSubcommands()
                            .keySet())
                    .as("the subcommands of %s", name)
                    .isEqualTo(sub.getSubcommands().keySet());
        });
    }

    private static List<String> commandsFor(String... args) {
        return List.copyOf(
                Cli.forCall(sink(), sink(), ENV, args).getSubcommands().keySet());
    }

    private static CliRun whole(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), ENV)
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter());
    }
}
