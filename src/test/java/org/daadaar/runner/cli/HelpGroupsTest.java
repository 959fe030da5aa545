package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpGroupsTest {
    private static final CommandLine ROOT =
            Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of());

    @Test
    void every_top_level_command_has_a_group() {
        ROOT.getSubcommands().forEach((name, sub) -> assertThat(CommandGroup.of(sub))
                .as("%s has no group of --help: implement TopLevelCommand (TaskCommand, RunsAlone)", name)
                .isPresent());
    }

    @Test
    void help_lists_each_command_under_the_heading_of_its_group_in_the_groups_order() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        String help = run.out();
        int previous = -1;
        for (CommandGroup group : CommandGroup.values()) {
            int heading = help.indexOf("\n" + group.heading() + ":\n");
            assertThat(heading).as("heading %s in%n%s", group.heading(), help).isGreaterThan(previous);
            int next = nextHeading(help, heading + 1);
            String section = help.substring(heading, next);
            ROOT.getSubcommands().forEach((name, sub) -> {
                boolean member = CommandGroup.of(sub).orElseThrow() == group;
                assertThat(section.contains("\n  " + name + " "))
                        .as("%s listed under %s", name, group.heading())
                        .isEqualTo(member);
            });
            previous = heading;
        }
    }

    @Test
    void a_command_that_runs_alone_is_refused_next_to_a_task() {
        CliRun run = CliRun.run("--database-url", "postgresql://app@localhost:1/db", "ping", "doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("doctor runs alone; run the other tasks in a separate call");
    }

    @Test
    void codebuild_without_a_subcommand_says_which_there_are() {
        CliRun run = CliRun.run("codebuild");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("codebuild needs a subcommand: run, logs, list or stop");
    }

    private static int nextHeading(String help, int from) {
        int next = help.length();
        for (CommandGroup group : CommandGroup.values()) {
            int at = help.indexOf("\n" + group.heading() + ":\n", from);
            if (at >= 0 && at < next) {
                next = at;
            }
        }
        int footer = help.indexOf("\nDatabase: ", from);
        return footer >= 0 && footer < next ? footer : next;
    }
}
