package org.daadaar.runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The groups of the top-level commands, in the order --help shows them. A group also says where
 * its commands may run: a build runs database tasks and diagnosis, never the laptop's commands.
 */
enum CommandGroup {
    DATABASE_TASKS("Database tasks", true),
    DIAGNOSIS("Diagnosis", true),
    FROM_A_LAPTOP("From a laptop", false);

    private final String heading;
    private final boolean runsInBuild;

    CommandGroup(String heading, boolean runsInBuild) {
        this.heading = heading;
        this.runsInBuild = runsInBuild;
    }

    String heading() {
        return heading;
    }

    /** Whether codebuild run may send it, and whether it counts as a task in "did you mean". */
    boolean runsInBuild() {
        return runsInBuild;
    }

    /** The group of a top-level command; empty for one that has none, which a test forbids. */
    static Optional<CommandGroup> of(CommandLine command) {
        return command.getCommandSpec().userObject() instanceof TopLevelCommand top
                ? Optional.of(top.group())
                : Optional.empty();
    }

    static boolean runsInBuild(CommandLine command) {
        return of(command).map(CommandGroup::runsInBuild).orElse(false);
    }

    /** The names of the root's commands a build may run, in the order --help lists them. */
    static List<String> buildTasks(CommandLine root) {
        List<String> tasks = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            if (runsInBuild(sub)) {
                tasks.add(name);
            }
        });
        return tasks;
    }
}
