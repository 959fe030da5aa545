package org.daadaar.runner.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.tasks.Task;
import org.daadaar.runner.tasks.cleanup.CleanupTestUsersTask;
import org.daadaar.runner.tasks.cleanup.EmailPatterns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "cleanup-test-users",
        mixinStandardHelpOptions = true,
        description = {
            "Delete test users (email matching a pattern, any case) with their sessions, the votes they cast, the"
                    + " media they uploaded (to any report), and the reports they submitted with those reports'"
                    + " votes and media. Organizations, roles, individuals and occupancies they created are kept,"
                    + " with the creator set to NULL.",
            "Default patterns: the names reserved by RFC 2606 and RFC 6761: "
                    + "%%@example.com, %%@example.net, %%@example.org, %%.test, %%.example, %%.invalid, %%.localhost."
        })
final class CleanupTestUsersCommand implements TaskCommand {
    /**
     * now() minus --older-than is computed by PostgreSQL, whose timestamps reach back to 4713 BC: a
     * longer duration fails there, after the run has started and written its audit row. No test
     * account is older than a century, so the check is a round number well inside that range.
     */
    private static final Duration MAX_OLDER_THAN = Duration.ofDays(36_500);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--email-pattern",
            paramLabel = "P",
            description = "SQL LIKE pattern, matched case-insensitively; repeatable. It must name a domain (have an @)"
                    + " or start with %%.; %%, %%@%% and the like are refused, and so is any pattern that can match"
                    + " addresses at more than one registered domain, such as %%.com or %%@%%.co.uk (a public"
                    + " suffix), except under the reserved names. In the environment, comma-separated.")
    List<String> emailPatterns;

    @Option(
            names = "--older-than",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Only users created before this long ago, such as 24h or 7d.")
    Duration olderThan;

    @Option(
            names = "--max-users",
            paramLabel = "N",
            description = "Refuse (exit 4, nothing deleted) when more users match (default 1000).")
    int maxUsers = CleanupTestUsersTask.DEFAULT_MAX_USERS;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Users per batch, each batch one transaction (default 500, 1 to 10000).")
    int batchSize = CleanupTestUsersTask.DEFAULT_BATCH_SIZE;

    @Override
    public Task task() {
        OptionValues.inRange(batchSize, 1, CleanupTestUsersTask.MAX_BATCH_SIZE, "--batch-size");
        OptionValues.inRange(maxUsers, 1, Integer.MAX_VALUE, "--max-users");
        if (olderThan != null && olderThan.isZero()) {
            throw RunnerException.badInput("--older-than must be longer than 0 (was " + olderThan + ")");
        }
        if (olderThan != null) {
            OptionValues.atMost(olderThan, MAX_OLDER_THAN, "--older-than", "36500d (100 years)");
        }
        return CleanupTestUsersTask.of(patterns(), olderThan, maxUsers, batchSize);
    }

    private EmailPatterns patterns() {
        if (emailPatterns == null || emailPatterns.isEmpty()) {
            return EmailPatterns.reserved();
        }
        String source = OptionValues.source(spec, "--email-pattern");
        if (source.equals("--email-pattern")) {
            return EmailPatterns.of(emailPatterns, source);
        }
        // The environment variable arrives as one value: the comma-separated list.
        List<String> split = emailPatterns.stream()
                .flatMap(v -> Arrays.stream(v.split(",", -1)))
                .toList();
        return EmailPatterns.of(split, source);
    }
}
