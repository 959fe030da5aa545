package org.daadaar.runner.cli;

import java.nio.file.Path;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.tasks.Wording;
import org.daadaar.runner.tasks.migrations.DrizzleImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/** Works on files only, never on a database, so it runs alone like the operator commands. */
@Command(
        name = "drizzle-import",
        mixinStandardHelpOptions = true,
        description = {
            "Write a drizzle-kit folder's migrations (meta/_journal.json) as Flyway files V<idx+1>__<tag>.sql with"
                    + " byte-identical content, for a team that leaves drizzle-kit. Files already there and identical"
                    + " are kept; one that differs is exit 2 and nothing is written.",
            "A database migrated from drizzle:DIR and one migrated from the written files have the same Flyway"
                    + " history. Needs no database."
        })
final class DrizzleImportCommand implements OperatorCommand, RunsAlone {
    @Parameters(index = "0", paramLabel = "DIR", description = "The drizzle-kit folder (drizzle-kit's out).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The Flyway migrations folder.")
    Path to;

    @Option(names = "--dry-run", description = "Say what would be written and write nothing.")
    boolean dryRun;

    @Override
    public CommandGroup group() {
        return CommandGroup.FROM_A_LAPTOP;
    }

    @Override
    public int runAlone(RootCommand root, ParseResult self) {
        // The global --dry-run (or DRY_RUN) means what it says for the one command that writes files.
        dryRun |= root.dryRun();
        return root.operate(this);
    }

    @Override
    public int run(OperatorContext context) {
        List<DrizzleImport.Copy> copies = DrizzleImport.run(from, to, dryRun);
        long kept = copies.stream().filter(DrizzleImport.Copy::kept).count();
        long written = copies.size() - kept;
        context.line(Wording.prefix("drizzle-import", dryRun) + Wording.did(dryRun, "wrote", "write") + " "
                + Wording.count(written, "file") + ", kept " + kept + " identical, in " + to);
        for (DrizzleImport.Copy copy : copies) {
            context.line("  " + (copy.kept() ? "kept   " : dryRun ? "would write " : "wrote  ") + copy.flywayName()
                    + "  (from " + copy.drizzleFile() + ")");
        }
        return ExitCode.OK;
    }
}
