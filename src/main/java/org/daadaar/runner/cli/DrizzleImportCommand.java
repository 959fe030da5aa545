package org.daadaar.runner.cli;

import java.nio.file.Path;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.tasks.migrations.DrizzleImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class DrizzleImportCommand implements OperatorCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "The drizzle-kit folder (drizzle-kit's out).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The Flyway migrations folder.")
    Path to;

    @Option(names = "--dry-run", description = "Say what would be written and write nothing. Env: DRY_RUN.")
    boolean dryRun;

    @Override
    public int run(OperatorContext context) {
        List<DrizzleImport.Copy> copies = DrizzleImport.run(from, to, dryRun);
        long kept = copies.stream().filter(DrizzleImport.Copy::kept).count();
        long written = copies.size() - kept;
        context.line("drizzle-import" + (dryRun ? " (dry run)" : "") + ": " + (dryRun ? "would write " : "wrote ")
                + written + " file" + (written == 1 ? "" : "s") + ", kept " + kept + " identical, in " + to);
        for (DrizzleImport.Copy copy : copies) {
            context.line("  " + (copy.kept() ? "kept   " : dryRun ? "would write " : "wrote  ") + copy.flywayName()
                    + "  (from " + copy.drizzleFile() + ")");
        }
        return ExitCode.OK;
    }
}
