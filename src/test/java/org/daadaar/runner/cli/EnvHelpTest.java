package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.OptionSpec;

/** The "Env:" lines of --help come from the table of variables, and only from it. */
class EnvHelpTest {
    /** The first line of an option in the option list: "  -h, --help" or "      --database-url=URL". */
    private static final Pattern OPTION_LINE = Pattern.compile("^ {2,6}(?:-\\w, )?(--[\\w-]+)");

    private static final Pattern ENV_LINE = Pattern.compile("^ +Env: (.+)\\.$");

    /**
     * What an environment variable looks like in a description, were one written there by hand;
     * TIMED_OUT is one of CodeBuild's build statuses, which --follow lists.
     */
    private static final Pattern VARIABLE =
            Pattern.compile("\\bEnv:|\\b(?!TIMED_OUT\\b)[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b|\\bPG[A-Z]+\\b|\\bOUTPUT\\b");

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("org.daadaar.runner.cli.HelpTest#commands")
    void every_option_with_a_variable_shows_it_under_its_own_entry_and_no_option_shows_another(List<String> path) {
        CommandLine command = command(path);
        Map<String, String> expected = new HashMap<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            String variables = EnvDefaults.shownFor(option.longestName());
            if (variables != null && !option.hidden()) {
                expected.put(option.longestName(), variables);
            }
            assertThat(VARIABLE.matcher(String.join(" ", option.description()))
                            .results()
                            .map(MatchResult::group))
                    .as("%s %s names a variable in its own text instead of the table", path, option.longestName())
                    .isEmpty();
        }

        assertThat(envLinesByOption(command.getUsageMessage(Ansi.OFF)))
                .as("%s --help", path)
                .isEqualTo(expected);
    }

    private static CommandLine command(List<String> path) {
        StringWriter sink = new StringWriter();
        CommandLine command = Cli.create(new PrintWriter(sink), new PrintWriter(sink), Map.of());
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }

    /** Each "Env:" line of the help, keyed by the option whose entry it ends. */
    private static Map<String, String> envLinesByOption(String help) {
        Map<String, String> shown = new HashMap<>();
        String option = null;
        for (String line : help.lines().toList()) {
            Matcher start = OPTION_LINE.matcher(line);
            Matcher env = ENV_LINE.matcher(line);
            if (start.find()) {
                option = start.group(1);
            } else if (env.matches()) {
                assertThat(option).as("an Env line before any option: %s", line).isNotNull();
                assertThat(shown.put(option, env.group(1)))
                        .as("a second Env line for %s", option)
                        .isNull();
            }
        }
        return shown;
    }

    @Test
    void the_table_names_only_options_that_exist() {
        List<String> all = new ArrayList<>();
        HelpTest.commands()
                .forEach(path -> command(path).getCommandSpec().options().forEach(o -> all.add(o.longestName())));
        assertThat(all).containsAll(EnvDefaults.VARIABLES.keySet()).containsAll(EnvDefaults.READ_WHERE_USED.keySet());
    }
}
