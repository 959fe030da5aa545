package org.daadaar.runner.cli;

import java.time.Duration;
import org.daadaar.runner.backup.BackupRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
            "Each check prints PASS, FAIL or SKIP with its time and a hint. Exit 0 when all pass, else 3 (2 for bad input).",
            "With migrate's backup options (flags or REQUIRE_BACKUP_WITHIN, SNAPSHOT_FIRST, DB_INSTANCE_ID,"
                    + " DB_CLUSTER_ID): also the RDS API reachable and the database found on it, read-only."
        })
final class DoctorCommand implements RunsAlone {
    @Override
    public CommandGroup group() {
        return CommandGroup.DIAGNOSIS;
    }

    // The same names, and so the same environment variables (EnvDefaults), as migrate's options.
    @Option(
            names = "--require-backup-within",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Check the RDS API as migrate --require-backup-within D needs it, and the backup's age.")
    Duration requireBackupWithin;

    @Option(names = "--snapshot-first", description = "Check the RDS API as migrate --snapshot-first needs it.")
    boolean snapshotFirst;

    @Option(names = "--db-instance-id", paramLabel = "ID", description = "As migrate's: the RDS instance.")
    String dbInstanceId;

    @Option(names = "--db-cluster-id", paramLabel = "ID", description = "As migrate's: the Aurora cluster.")
    String dbClusterId;

    @Override
    public int runAlone(RootCommand root, ParseResult self) {
        // A database id alone (DB_INSTANCE_ID from the project, infra/) asks for the check too.
        boolean rds = requireBackupWithin != null || snapshotFirst || dbInstanceId != null || dbClusterId != null;
        return root.doctor(
                rds
                        ? new BackupRequest(
                                OptionValues.requireBackupWithin(requireBackupWithin),
                                snapshotFirst || requireBackupWithin == null,
                                BackupRequest.DEFAULT_SNAPSHOT_TIMEOUT,
                                BackupRequest.DEFAULT_SNAPSHOT_POLL,
                                dbInstanceId,
                                dbClusterId,
                                root.region)
                        : null);
    }
}
