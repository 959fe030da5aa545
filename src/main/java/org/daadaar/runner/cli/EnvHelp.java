package org.daadaar.runner.cli;

import java.util.Arrays;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Ends each option's help with "Env: VARIABLE." taken from {@link EnvDefaults}, so that the help
 * can never name a variable the runner does not read, nor miss one it does. A line of its own in
 * the description column, as picocli lays out a second line of description.
 */
final class EnvHelp implements IHelpFactory {
    @Override
    public Help create(CommandSpec spec, ColorScheme colorScheme) {
        return new Help(spec, colorScheme) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer plain = super.createDefaultOptionRenderer();
                return (option, labels, scheme) -> {
                    Text[][] rows = plain.render(option, labels, scheme);
                    String variables = EnvDefaults.shownFor(option.longestName());
                    if (variables == null || rows.length == 0) {
                        return rows;
                    }
                    Text[] env = new Text[rows[0].length];
                    Arrays.fill(env, scheme.text(""));
                    env[env.length - 1] = scheme.text("Env: " + variables + ".");
                    Text[][] withEnv = Arrays.copyOf(rows, rows.length + 1);
                    withEnv[rows.length] = env;
                    return withEnv;
                };
            }
        };
    }
}
