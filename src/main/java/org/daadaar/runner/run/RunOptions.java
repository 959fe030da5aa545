package org.daadaar.runner.run;

import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslMode;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.config.TlsRequest;
import org.daadaar.runner.iamauth.IamLogin;
import org.daadaar.runner.output.OutputFormat;
import org.daadaar.runner.output.Redactor;
import org.daadaar.runner.secrets.DatabaseLocator;
import org.daadaar.runner.secrets.SecretsManagerReader;

/**
 * The global options of one run, already parsed and checked. Secrets here are never printed.
 *
 * @param iamAuth log in with an RDS IAM token per connection instead of a password (--iam-auth)
 */
public record RunOptions(
        String databaseUrl,
        String databaseSecretId,
        String passwordSecretId,
        String region,
        TlsRequest tls,
        boolean local,
        boolean keep,
        boolean dryRun,
        boolean noAudit,
        OutputFormat output,
        Duration connectTimeout,
        Duration lockTimeout,
        Duration statementTimeout,
        Duration lockWait,
        Duration secretsTimeout,
        boolean iamAuth) {

    /** Where the database is, from --database-url or the secrets; nothing is read until asked. */
    public DatabaseLocator locator(Map<String, String> env, Redactor redactor) {
        return new DatabaseLocator(
                databaseUrl,
                databaseSecretId,
                passwordSecretId,
                () -> SecretsManagerReader.create(region, env, secretsTimeout),
                redactor,
                iamAuth);
    }

    /**
     * @param env the AWS credentials and region for --iam-auth's tokens
     * @throws RunnerException bad input (exit 2) when --iam-auth cannot be used with this URL and TLS
     */
    public ConnectionSettings connectionSettings(
            DatabaseUrl url, SslPolicy.Tls tls, String applicationName, Map<String, String> env, Redactor redactor) {
        return new ConnectionSettings(
                url,
                tls,
                connectTimeout,
                lockTimeout,
                statementTimeout,
                applicationName,
                iamAuth ? iamLogin(url, tls, env, redactor) : null);
    }

    /**
     * RDS takes the token as a clear-text password, so only a server proven to be the database
     * may get it: verify-full checks the certificate's chain and that it names the host. A token
     * opens the database for 15 minutes to whoever holds it.
     */
    private IamLogin iamLogin(DatabaseUrl url, SslPolicy.Tls tls, Map<String, String> env, Redactor redactor) {
        if (tls.mode() != SslMode.VERIFY_FULL) {
            throw RunnerException.badInput("--iam-auth sends its token as a clear-text password, so it needs"
                    + " sslmode=verify-full, which proves the server is " + url.host() + " before the token leaves"
                    + " (was " + tls.mode().value() + "): set --ssl-mode verify-full, or drop the weaker sslmode"
                    + (SslPolicy.isLoopback(url.host()) ? " (a loopback host's default is prefer)" : "")
                    + ", with --ssl-root-cert for a CA other than RDS's");
        }
        if (url.user() == null || url.user().isBlank()) {
            throw RunnerException.badInput("--iam-auth signs its token for a database user, and none is given:"
                    + " put it in the URL (postgresql://USER@host/db) or in the secret's username");
        }
        return IamLogin.create(url.host(), region, env, redactor);
    }

    /** Without the URL, which may hold a password: records print every component otherwise. */
    @Override
    public String toString() {
        return "RunOptions[database "
                + (databaseUrl != null
                        ? "from --database-url"
                        : databaseSecretId != null ? "from secret " + databaseSecretId : local ? "local" : "not given")
                + (iamAuth ? ", IAM token login" : "")
                + ", dryRun=" + dryRun + ", output=" + output + "]";
    }
}
