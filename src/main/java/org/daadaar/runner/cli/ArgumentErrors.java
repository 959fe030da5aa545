package org.daadaar.runner.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.daadaar.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns picocli's complaint about the command line into the one line the user sees.
 *
 * <p>picocli echoes the words it could not use ("Unmatched argument at index 2: 'Tail99zz@host/db'",
 * "Invalid value for option '--lock-timeout': 'x'"). An unquoted URL whose password holds a space
 * arrives as several words, and every word after the first is such an echo: the tail of the
 * password. So from {@code --database-url} (or the first word that looks like a URL or a
 * {@code password=} parameter) on, every word that is not one of the command line's own names is
 * suspect, and a message that would echo any part of one names the problem without the value.
 */
final class ArgumentErrors {
    static final String URL_HINT =
            "a URL with a space, '@', '&' or '#' in its password must be quoted and percent-encoded";

    private ArgumentErrors() {}

    /** Whatever picocli could not parse is bad input (exit 2), said in one line that points at --help. */
    static RunnerException failure(ParameterException e, String[] args) {
        String message = describe(e, args);
        return RunnerException.badInput(message.endsWith("--help)") ? message : message + " (see --help)");
    }

    static String describe(ParameterException e, String[] args) {
        CommandLine root = e.getCommandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Suspects suspects = Suspects.of(args, names(root.getCommandSpec()));
        if (e instanceof UnmatchedArgumentException unmatched) {
            return unmatched(unmatched, root, suspects);
        }
        // picocli collects unmatched words and goes on, so a later complaint (--database-url given
        // twice) may hide that a URL was split: that is the problem to name.
        for (CommandLine c = e.getCommandLine(); c != null; c = c.getParent()) {
            if (c.getUnmatchedArguments().stream().anyMatch(suspects::contains)) {
                return splitUrl(suspects, null);
            }
        }
        String message = e.getMessage();
        if (!suspects.echoedIn(message)) {
            return message;
        }
        ArgSpec arg = e.getArgSpec();
        String what = arg instanceof OptionSpec option
                ? "the value of " + option.longestName()
                : arg != null ? "the value of " + arg.paramLabel() : "an argument";
        return what + " is not valid (not shown: it comes " + suspects.where() + " and may be part of the URL); "
                + URL_HINT;
    }

    private static String unmatched(UnmatchedArgumentException e, CommandLine root, Suspects suspects) {
        List<String> words = e.getUnmatched();
        String word = words.isEmpty() ? "" : words.get(0);
        boolean optionLike = word.startsWith("-");
        CommandLine where = e.getCommandLine();
        boolean taskExpected =
                !optionLike && (where == root || where.getParent() == root && CommandGroup.runsInBuild(where));
        if (words.stream().anyMatch(suspects::contains)) {
            return splitUrl(suspects, taskExpected ? suggestion(word, commands(root)) : null);
        }
        if (taskExpected) {
            String guess = suggestion(word, commands(root));
            return "unknown task '" + word + "'" + (guess == null ? "." : "; did you mean " + guess + "?")
                    + " The tasks: " + String.join(", ", CommandGroup.buildTasks(root));
        }
        if (!optionLike && !where.getSubcommands().isEmpty()) {
            List<String> commands = commands(where);
            String guess = suggestion(word, commands);
            return "unknown " + where.getCommandName() + " command '" + word + "'"
                    + (guess == null ? "." : "; did you mean " + guess + "?")
                    + " The commands: " + String.join(", ", commands) + " (see " + where.getCommandName()
                    + " --help)";
        }
        return e.getMessage();
    }

    private static String splitUrl(Suspects suspects, String guess) {
        return "an argument " + suspects.where() + " is not a task or option (not shown: it may be part of the URL"
                + (guess == null ? "" : "; did you mean " + guess + "?") + "); " + URL_HINT;
    }

    private static List<String> commands(CommandLine command) {
        return new ArrayList<>(command.getSubcommands().keySet());
    }

    /** The closest name, if it is close enough to be what was meant: at most a third of it differs. */
    static String suggestion(String word, List<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String typed = word.toLowerCase(Locale.ROOT);
        for (String name : names) {
            int distance = distance(typed, name);
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(1, best.length() / 3) ? best : null;
    }

    /** Levenshtein distance, with a transposition counted as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Every command and option name the command line knows: words that are never a secret. */
    private static Set<String> names(CommandSpec spec) {
        Set<String> names = new HashSet<>();
        names.addAll(spec.subcommands().keySet());
        for (OptionSpec option : spec.options()) {
            names.addAll(List.of(option.names()));
        }
        for (CommandLine sub : spec.subcommands().values()) {
            names.addAll(names(sub.getCommandSpec()));
        }
        return names;
    }

    /** The words that may be part of a database URL, and where they are. */
    private record Suspects(Set<String> words, String where) {
        static Suspects of(String[] args, Set<String> names) {
            Set<String> words = new LinkedHashSet<>();
            String where = null;
            for (String arg : args) {
                if (where == null) {
                    where = startsUrl(arg);
                }
                if (where != null && !names.contains(arg)) {
                    words.add(arg);
                }
            }
            return new Suspects(words, where);
        }

        /** Where the suspect words are when this one starts them, else null. */
        private static String startsUrl(String arg) {
            if (arg.equals("--database-url") || arg.startsWith("--database-url=")) {
                return "after --database-url";
            }
            String lower = arg.toLowerCase(Locale.ROOT);
            if (lower.contains("://") || lower.contains("password=")) {
                return "in or after a database URL";
            }
            return null;
        }

        boolean contains(String word) {
            return words.contains(word);
        }

        /** Whether the message holds a suspect word or any piece of one (split at spaces and '='). */
        boolean echoedIn(String message) {
            for (String word : words) {
                for (String piece : word.split("[\\s=]+")) {
                    if (!piece.isEmpty() && message.contains(piece)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
