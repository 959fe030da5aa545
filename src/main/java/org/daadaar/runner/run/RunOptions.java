package org.daadaar.runner.run;

import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.config.TlsRequest;
import org.daadaar.runner.output.OutputFormat;
import org.daadaar.runner.output.Redactor;
import org.daadaar.runner.secrets.DatabaseLocator;
import org.daadaar.runner.secrets.SecretsManagerReader;

/** The global options of one run, already parsed and checked. Secrets here are never printed. */
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
        Duration secretsTimeout) {

    /** Where the database is, from --database-url or the secrets; nothing is read until asked. */
    public DatabaseLocator locator(Map<String, String> env, Redactor redactor) {
        return new DatabaseLocator(
                databaseUrl,
                databaseSecretId,
                passwordSecretId,
                () -> SecretsManagerReader.create(region, env, secretsTimeout),
                redactor);
    }

    public ConnectionSettings connectionSettings(DatabaseUrl url, SslPolicy.Tls tls, String applicationName) {
        return new ConnectionSettings(url, tls, connectTimeout, lockTimeout, statementTimeout, applicationName);
    }

    /** Without the URL, which may hold a password: records print every component otherwise. */
    @Override
    public String toString() {
        return "RunOptions[database "
                + (databaseUrl != null
                        ? "from --database-url"
                        : databaseSecretId != null ? "from secret " + databaseSecretId : local ? "local" : "not given")
                + ", dryRun=" + dryRun + ", output=" + output + "]";
    }
}
