package org.daadaar.runner.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fills an option from its environment variable when the flag is absent (flag beats env var).
 * Each option's variable is named once, here, and the help's "Env:" line comes from the same
 * tables ({@link EnvHelp}); the environment is a map so tests pass their own.
 */
final class EnvDefaults implements IDefaultValueProvider {
    /** Read in place of a missing flag, by the option's longest name. */
    static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("--database-url", "DATABASE_URL"),
            Map.entry("--database-secret-id", "DATABASE_SECRET_ID"),
            Map.entry("--password-secret-id", "DB_PASSWORD_SECRET_ID"),
            Map.entry("--iam-auth", "DB_IAM_AUTH"),
            Map.entry("--dry-run", "DRY_RUN"),
            Map.entry("--output", "OUTPUT"),
            Map.entry("--log-format", "LOG_FORMAT"),
            Map.entry("--organization-id", "ORGANIZATION_ID"),
            Map.entry("--organization-name", "ORGANIZATION_NAME"),
            Map.entry("--individual-id", "INDIVIDUAL_ID"),
            Map.entry("--email-pattern", "TEST_USER_EMAIL_PATTERNS"),
            Map.entry("--project", "CODEBUILD_PROJECT"),
            Map.entry("--image-uri", "IMAGE_URI"),
            // migrate's backup guard; doctor reads the same ones to check the RDS API they need.
            Map.entry("--require-backup-within", "REQUIRE_BACKUP_WITHIN"),
            Map.entry("--snapshot-first", "SNAPSHOT_FIRST"),
            Map.entry("--db-instance-id", "DB_INSTANCE_ID"),
            Map.entry("--db-cluster-id", "DB_CLUSTER_ID"));

    /**
     * Read by the code that uses the value, not as a default here: PGSSLMODE and PGSSLROOTCERT rank
     * below the URL's own sslmode and sslrootcert, so RunOptions carries them apart (TlsRequest);
     * the region falls back through these variables and then the SDK's chain (AwsEnvironment).
     */
    static final Map<String, String> READ_WHERE_USED = Map.of(
            "--ssl-mode", "PGSSLMODE",
            "--ssl-root-cert", "PGSSLROOTCERT",
            "--region", "AWS_REGION, AWS_DEFAULT_REGION");

    /** The variables an option's help names: its default's, else the ones read where it is used. */
    static String shownFor(String longestName) {
        String variable = VARIABLES.get(longestName);
        return variable != null ? variable : READ_WHERE_USED.get(longestName);
    }

    private final Map<String, String> env;

    EnvDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String variable = VARIABLES.get(option.longestName());
        String value = variable == null ? null : env.get(variable);
        if (value == null || value.isBlank()) {
            return null;
        }
        return option.type() == boolean.class ? booleanWord(value.strip()) : value.strip();
    }

    /** DRY_RUN=1 or yes means what it says in a shell; picocli itself reads only true and false. */
    private static String booleanWord(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "yes", "on", "true" -> "true";
            case "0", "no", "off", "false" -> "false";
            default -> value;
        };
    }
}
