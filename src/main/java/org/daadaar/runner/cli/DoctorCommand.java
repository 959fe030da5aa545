package org.daadaar.runner.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * doctor walks the path to the database itself instead of connecting first like the tasks, so it
 * is not a {@link TaskCommand}: it runs alone.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check, in order: configuration, Secrets Manager reachable and readable, database host"
                    + " resolves and its port answers, TLS verifies, login works, schema up to date.",
            "Each check prints PASS, FAIL or SKIP with its time and a hint. Exit 0 when all pass, else 3."
        })
final class DoctorCommand implements RunsAlone {
    @Override
    public CommandGroup group() {
        return CommandGroup.DIAGNOSIS;
    }

    @Override
    public int runAlone(RootCommand root, ParseResult self) {
        return root.doctor();
    }
}
