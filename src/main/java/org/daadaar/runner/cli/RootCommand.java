package org.daadaar.runner.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.backup.BackupRequest;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.config.TlsRequest;
import org.daadaar.runner.local.LocalDatabase;
import org.daadaar.runner.output.Logging;
import org.daadaar.runner.output.OutputFormat;
import org.daadaar.runner.output.Redactor;
import org.daadaar.runner.output.Reporter;
import org.daadaar.runner.run.RunOptions;
import org.daadaar.runner.run.TaskRunner;
import org.daadaar.runner.tasks.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "runner.jar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommandsRepeatable = true,
        synopsisSubcommandLabel = "TASK [TASK...]",
        description = {
            "Runs named database tasks against PostgreSQL, in the order given, over one connection pool.",
            "The first failure stops the rest.",
            "",
            "Exit codes: 0 done (also nothing to do, dry run); 1 a task failed and was rolled back;"
                    + " 2 bad input; 3 the environment failed (Secrets Manager, DNS, TCP, TLS, login, timeout);"
                    + " 4 a guard refused; 143 stopped by SIGTERM (the work in flight rolled back, the audit row"
                    + " says interrupted)."
        },
        footer = {
            "",
            "Database: exactly one source is used: --local, else --database-url, else --database-secret-id.",
            "TLS: an explicit mode (--ssl-mode, else sslmode in the URL, else PGSSLMODE) is used as given; otherwise prefer"
                    + " for a loopback host, and verify-full for any other host, against --ssl-root-cert (else"
                    + " sslrootcert, PGSSLROOTCERT, the image's RDS bundle, or the same bundle packaged in the jar)."
                    + " Note that pgjdbc's require encrypts but does NOT verify the server's certificate, so over"
                    + " require the runner never sends a clear-text or MD5 password; only verify-ca and verify-full"
                    + " verify. disable, allow and prefer are refused for hosts that are not loopback."
        })
final class RootCommand {
    private static final String MAX_SHOWN = "24 days (2147483647ms)";

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Redactor redactor;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "libpq URI (postgresql://user:pass@host:5432/db?sslmode=...) or JDBC URL.")
    String databaseUrl;

    @Option(
            names = "--database-secret-id",
            paramLabel = "ID",
            description = "Secrets Manager secret (name or ARN) holding such a URL or an RDS JSON secret.")
    String databaseSecretId;

    @Option(
            names = "--password-secret-id",
            paramLabel = "ID",
            description = "A secret holding only the password; replaces the URL's password.")
    String passwordSecretId;

    @Option(
            names = "--region",
            paramLabel = "R",
            description = "AWS region, else the environment's; credentials come from the SDK's default chain.")
    String region;

    @Option(
            names = "--ssl-mode",
            paramLabel = "MODE",
            description = "disable, allow, prefer, require (encrypts, does NOT verify), verify-ca, verify-full;"
                    + " the URL's sslmode beats the environment's.")
    String sslMode;

    @Option(
            names = "--ssl-root-cert",
            paramLabel = "PATH",
            description = "CA bundle to verify the server with; the URL's sslrootcert beats the environment's."
                    + " Default: the RDS global bundle (the image's file, else the copy in the jar).")
    String sslRootCert;

    @Option(
            names = "--iam-auth",
            description = "Log in with an RDS IAM token instead of a password: a new one, signed locally with the"
                    + " AWS credentials, for each connection (valid 15 minutes). Needs verify-full, and the user in"
                    + " the URL or secret; no password anywhere.")
    boolean iamAuth;

    @Option(names = "--local", description = "Run on a throwaway PostgreSQL (Docker if it answers, else embedded).")
    boolean local;

    @Option(names = "--keep", description = "With --local: leave the database running and print its URL.")
    boolean keep;

    @Option(names = "--dry-run", description = "Every task reports what it would do and changes nothing.")
    boolean dryRun;

    @Option(
            names = "--no-audit",
            description = "Run the changing tasks without their record in db_runner.audit, for a role that may not"
                    + " create the runner's schema; logged as a warning. Without it such a role gets exit 3 and"
                    + " the GRANT to ask for.")
    boolean noAudit;

    @Option(
            names = "--output",
            paramLabel = "text|json",
            description = "Report on stdout: text, or one JSON object per task per line.")
    String output = "text";

    @Option(
            names = "--log-format",
            paramLabel = "text|json",
            description = "Logs on stderr: text, or JSON lines for CloudWatch Logs Insights.")
    String logFormat = "text";

    @Option(
            names = "--connect-timeout",
            paramLabel = "S",
            description = "Seconds to wait for the database (default 10).")
    int connectTimeoutSeconds = 10;

    @Option(
            names = "--lock-timeout",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Sessions' lock_timeout: how long a statement waits for a lock (default 5s).")
    Duration lockTimeout = Duration.ofSeconds(5);

    @Option(
            names = "--statement-timeout",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Sessions' statement_timeout (default 30m; 0 = none).")
    Duration statementTimeout = Duration.ofMinutes(30);

    @Option(
            names = "--lock-wait",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How long a task waits for another run of itself (default 60s).")
    Duration lockWait = Duration.ofSeconds(60);

    @Option(
            names = "--secrets-timeout",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How long reading a secret from Secrets Manager may take, retries included;"
                    + " each attempt gets 3/10 of it (default 10s).")
    Duration secretsTimeout = Duration.ofSeconds(10);

    @Option(
            names = {"-v", "--verbose"},
            description = "More log lines, and stack traces with errors (never secrets).")
    boolean verbose;

    RootCommand(Map<String, String> env, PrintWriter out, PrintWriter err, Redactor redactor) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.redactor = redactor;
    }

    int run(List<TaskCommand> commands) {
        Logging.configure(err, logFormat(), verbose, redactor);
        RunOptions options = validatedOptions();
        if (commands.isEmpty()) {
            throw RunnerException.badInput(
                    "no task given: name one or more tasks, such as ping or migrate" + " (see --help)");
        }
        List<Task> tasks = commands.stream().map(TaskCommand::task).toList();
        return runner(options).run(tasks);
    }

    /** @param backup migrate's backup options given to doctor, whose RDS API it then checks too */
    int doctor(BackupRequest backup) {
        Logging.configure(err, logFormat(), verbose, redactor);
        RunOptions options = validatedOptions();
        if (options.local()) {
            throw RunnerException.badInput("doctor checks the path to a real database; it does not take --local");
        }
        return runner(options).doctor(backup);
    }

    /** Runs codebuild or iam-policy: no database and no task set-up. */
    int operate(OperatorCommand command) {
        Logging.configure(err, logFormat(), verbose, redactor);
        try {
            return command.run(new OperatorContext(env, out, err, redactor, region));
        } catch (NoClassDefFoundError e) {
            // Only in the image's runner.jar, which leaves the operator's AWS modules out (pom.xml,
            // runner-image): the first use of a client fails before any request is sent.
            if (String.valueOf(e.getMessage()).startsWith("software/amazon/awssdk/services/")) {
                throw RunnerException.badInput("codebuild and iam-policy --apply are laptop features: this"
                        + " runner.jar (the image's) is built without their AWS modules; run them with the"
                        + " runner.jar that mvn package builds");
            }
            // Any other missing class is a broken jar: one line and exit 1, like any unexpected failure.
            throw RunnerException.taskFailed("a class of the runner is missing: " + e.getMessage(), e);
        }
    }

    private TaskRunner runner(RunOptions options) {
        Reporter reporter = new Reporter(out, options.output(), redactor);
        return new TaskRunner(options, env, reporter, redactor, SslPolicy.standard());
    }

    boolean dryRun() {
        return dryRun;
    }

    boolean verbose() {
        return verbose;
    }

    OutputFormat logFormat() {
        try {
            return format("--log-format", logFormat);
        } catch (RunnerException e) {
            return OutputFormat.TEXT;
        }
    }

    RunOptions validatedOptions() {
        format("--log-format", logFormat);
        if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > 300) {
            throw RunnerException.badInput(
                    "--connect-timeout must be between 1 and 300 seconds (was " + connectTimeoutSeconds + ")");
        }
        // PostgreSQL takes these settings in milliseconds as a 32-bit integer; a larger value would
        // make the server refuse every session at login. --lock-wait gets the same bound for one rule.
        Duration max = Duration.ofMillis(Integer.MAX_VALUE);
        OptionValues.atMost(lockTimeout, max, "--lock-timeout", MAX_SHOWN);
        OptionValues.atMost(statementTimeout, max, "--statement-timeout", MAX_SHOWN);
        OptionValues.atMost(lockWait, max, "--lock-wait", MAX_SHOWN);
        OptionValues.between(secretsTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5), "--secrets-timeout");
        if (local) {
            LocalDatabase.requireLaptopJar(); // before anything else happens, in the image's jar
        }
        if (iamAuth && local) {
            throw RunnerException.badInput("--iam-auth logs in to RDS; a throwaway --local PostgreSQL has no IAM");
        }
        if (keep && !local) {
            throw RunnerException.badInput("--keep only applies to --local");
        }
        return new RunOptions(
                databaseUrl,
                databaseSecretId,
                passwordSecretId,
                region,
                new TlsRequest(sslMode, env.get("PGSSLMODE"), sslRootCert, env.get("PGSSLROOTCERT")),
                local,
                keep,
                dryRun,
                noAudit,
                format("--output", output),
                Duration.ofSeconds(connectTimeoutSeconds),
                lockTimeout,
                statementTimeout,
                lockWait,
                secretsTimeout,
                iamAuth);
    }

    static OutputFormat format(String option, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> OutputFormat.TEXT;
            case "json" -> OutputFormat.JSON;
            default -> throw RunnerException.badInput(option + " must be text or json (was '" + value + "')");
        };
    }
}
