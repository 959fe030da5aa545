package org.daadaar.runner.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fills an option from its environment variable when the flag is absent (flag beats env var).
 * Each option's variable is named once, here; the environment is a map so tests pass their own.
 * PGSSLMODE and PGSSLROOTCERT are not here: they rank below the URL's own sslmode and sslrootcert,
 * so RunOptions carries them apart (see TlsRequest).
 */
final class EnvDefaults implements IDefaultValueProvider {
    static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("--database-url", "DATABASE_URL"),
            Map.entry("--database-secret-id", "DATABASE_SECRET_ID"),
            Map.entry("--password-secret-id", "DB_PASSWORD_SECRET_ID"),
            Map.entry("--dry-run", "DRY_RUN"),
            Map.entry("--output", "OUTPUT"),
            Map.entry("--log-format", "LOG_FORMAT"),
            Map.entry("--organization-id", "ORGANIZATION_ID"),
            Map.entry("--organization-name", "ORGANIZATION_NAME"),
            Map.entry("--individual-id", "INDIVIDUAL_ID"),
            Map.entry("--email-pattern", "TEST_USER_EMAIL_PATTERNS"),
            Map.entry("--project", "CODEBUILD_PROJECT"),
            Map.entry("--image-uri", "IMAGE_URI"));

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
