package org.daadaar.runner;

import java.time.Duration;
import org.daadaar.runner.output.OutputFormat;

/** The global options of one run, already parsed and checked. Secrets here are never printed. */
public record RunOptions(
        String databaseUrl,
        String databaseSecretId,
        String passwordSecretId,
        String region,
        String sslMode,
        String sslRootCert,
        boolean local,
        boolean keep,
        boolean dryRun,
        OutputFormat output,
        Duration connectTimeout,
        Duration lockTimeout,
        Duration statementTimeout,
        Duration lockWait,
        boolean verbose) {}
