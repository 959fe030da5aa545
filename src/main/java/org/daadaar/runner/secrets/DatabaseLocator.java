package org.daadaar.runner.secrets;

import java.util.function.Supplier;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.DatabaseUrlException;
import org.daadaar.runner.output.Redactor;

/**
 * Finds the database from exactly one source, --database-url before --database-secret-id, and
 * applies the optional password-only secret. Every password it learns is registered with the
 * redactor before anything else can print it.
 */
public final class DatabaseLocator implements AutoCloseable {
    private final String databaseUrl;
    private final String databaseSecretId;
    private final String passwordSecretId;
    private final Supplier<SecretReader> secrets;
    private final Redactor redactor;
    private SecretReader reader;

    public DatabaseLocator(
            String databaseUrl,
            String databaseSecretId,
            String passwordSecretId,
            Supplier<SecretReader> secrets,
            Redactor redactor) {
        this.databaseUrl = blankToNull(databaseUrl);
        this.databaseSecretId = blankToNull(databaseSecretId);
        this.passwordSecretId = blankToNull(passwordSecretId);
        this.secrets = secrets;
        this.redactor = redactor;
    }

    /** Checks that a source is configured, without touching the network. */
    public void validate() {
        if (databaseUrl == null && databaseSecretId == null) {
            throw RunnerException.badInput("no database given: use --local, --database-url (DATABASE_URL) or"
                    + " --database-secret-id (DATABASE_SECRET_ID)");
        }
        if (databaseUrl != null) {
            parseGiven();
        }
    }

    public DatabaseUrl locate() {
        DatabaseUrl url = databaseUrl != null ? parseGiven() : fromSecret();
        if (passwordSecretId != null) {
            String password = SecretParser.password(passwordSecretId, reader().read(passwordSecretId));
            redactor.register(password);
            url = url.withPassword(password);
        }
        return url;
    }

    /** Whether a rejected password is worth a second read: only a secret can have been rotated. */
    public boolean passwordComesFromSecret() {
        return passwordSecretId != null || databaseUrl == null;
    }

    private DatabaseUrl parseGiven() {
        try {
            DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
            redactor.register(url.password());
            return url;
        } catch (DatabaseUrlException e) {
            throw RunnerException.badInput("--database-url / DATABASE_URL is malformed: " + e.getMessage());
        }
    }

    private DatabaseUrl fromSecret() {
        String value = reader().read(databaseSecretId);
        redactor.register(value.strip());
        DatabaseUrl url = SecretParser.databaseUrl(databaseSecretId, value);
        redactor.register(url.password());
        return url;
    }

    private SecretReader reader() {
        if (reader == null) {
            reader = secrets.get();
        }
        return reader;
    }

    /** Closes the Secrets Manager client, if a secret was read. */
    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
