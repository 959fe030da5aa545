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
    private final boolean iamAuth;
    private SecretReader reader;

    /**
     * @param iamAuth the login is by RDS IAM token (--iam-auth): no password may come from any
     *     source, since with two logins configured nobody can tell which one a build used, and a
     *     password kept in a secret lives on for months, which is what IAM login is there to end
     */
    public DatabaseLocator(
            String databaseUrl,
            String databaseSecretId,
            String passwordSecretId,
            Supplier<SecretReader> secrets,
            Redactor redactor,
            boolean iamAuth) {
        this.databaseUrl = blankToNull(databaseUrl);
        this.databaseSecretId = blankToNull(databaseSecretId);
        this.passwordSecretId = blankToNull(passwordSecretId);
        this.secrets = secrets;
        this.redactor = redactor;
        this.iamAuth = iamAuth;
    }

    /** Checks that a source is configured, without touching the network. */
    public void validate() {
        if (databaseUrl == null && databaseSecretId == null) {
            throw RunnerException.badInput("no database given: use --local, --database-url (DATABASE_URL) or"
                    + " --database-secret-id (DATABASE_SECRET_ID)");
        }
        if (iamAuth && passwordSecretId != null) {
            throw RunnerException.badInput("--iam-auth logs in with a token instead of a password: drop"
                    + " --password-secret-id (DB_PASSWORD_SECRET_ID)");
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
        return !iamAuth && (passwordSecretId != null || databaseUrl == null);
    }

    private DatabaseUrl parseGiven() {
        try {
            DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
            redactor.register(url.password());
            if (iamAuth && url.password() != null) {
                throw RunnerException.badInput("--iam-auth logs in with a token instead of a password: remove the"
                        + " password from --database-url (DATABASE_URL), or drop --iam-auth (DB_IAM_AUTH)");
            }
            return url;
        } catch (DatabaseUrlException e) {
            throw RunnerException.badInput("--database-url / DATABASE_URL is malformed: " + e.getMessage());
        }
    }

    private DatabaseUrl fromSecret() {
        String value = reader().read(databaseSecretId);
        redactor.register(value.strip());
        DatabaseUrl url = SecretParser.databaseUrl(databaseSecretId, value, iamAuth);
        redactor.register(url.password());
        if (iamAuth && url.password() != null) {
            throw RunnerException.badInput("secret '" + databaseSecretId + "' holds a password, but --iam-auth logs"
                    + " in with a token instead: remove the password from the secret, or drop --iam-auth"
                    + " (DB_IAM_AUTH)");
        }
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
