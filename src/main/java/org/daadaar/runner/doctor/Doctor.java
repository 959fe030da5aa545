package org.daadaar.runner.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.daadaar.runner.aws.AwsEnvironment;
import org.daadaar.runner.backup.BackupGuard;
import org.daadaar.runner.backup.BackupRequest;
import org.daadaar.runner.backup.Rds;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.db.ConnectionFailures;
import org.daadaar.runner.iamauth.IamLogin;
import org.daadaar.runner.output.Redactor;
import org.daadaar.runner.run.RunOptions;
import org.daadaar.runner.secrets.DatabaseLocator;
import org.daadaar.runner.tls.TlsHandshake;
import org.daadaar.runner.tls.TlsHandshakes;

/**
 * Walks the path a build takes to its database, one hop at a time, and stops at the first hop
 * that fails: later checks could only fail for the same reason. Every hop has its own time limit,
 * so the whole run is bounded.
 */
public final class Doctor {
    static final Duration DNS_LIMIT = Duration.ofSeconds(5);
    static final Duration HTTPS_LIMIT = Duration.ofSeconds(3);

    // Each hint also names what fixes it in the Terraform module (infra/), where there is one.
    private static final String VPC_ENDPOINT_HINT = "create an interface VPC endpoint for Secrets Manager with"
            + " private DNS enabled, whose security group allows 443 from the build's security group"
            + " (infra/: create_vpc_endpoints = true makes both, or existing_endpoints_security_group_id"
            + " names the group of endpoints you have)";

    private static final String IAM_SETUP_HINT = "--iam-auth needs sslmode=verify-full, the database user in the"
            + " URL or secret and no password, the region (from the RDS host name, else --region or AWS_REGION),"
            + " and AWS credentials (the build role's, or a profile or AWS_* variables on a laptop)";

    private final RunOptions options;
    private final Map<String, String> env;
    private final SslPolicy sslPolicy;
    private final Redactor redactor;
    private final SchemaStatus schemaStatus;
    /** migrate's backup options (doctor takes the same ones), else null: then RDS is not checked. */
    private final BackupRequest backup;

    private final List<Check> checks = new ArrayList<>();
    private boolean stopped;

    /** @param backup migrate's --require-backup-within / --snapshot-first, to check the RDS API they need */
    public Doctor(
            RunOptions options,
            Map<String, String> env,
            SslPolicy sslPolicy,
            Redactor redactor,
            SchemaStatus schemaStatus,
            BackupRequest backup) {
        this.options = options;
        this.env = Map.copyOf(env);
        this.sslPolicy = sslPolicy;
        this.redactor = redactor;
        this.schemaStatus = schemaStatus;
        this.backup = backup == null || !backup.active() ? null : backup;
    }

    /** How far the schema is from the packaged migrations; empty when up to date. */
    public interface SchemaStatus {
        List<String> pendingMigrations(ConnectionSettings settings) throws Exception;
    }

    public List<Check> examine() {
        try (DatabaseLocator locator = options.locator(env, redactor)) {
            return examine(locator);
        }
    }

    private List<Check> examine(DatabaseLocator locator) {
        boolean usesSecrets = options.databaseSecretId() != null && options.databaseUrl() == null
                || options.passwordSecretId() != null;
        DatabaseUrl[] url = new DatabaseUrl[1];
        SslPolicy.Tls[] tls = new SslPolicy.Tls[1];
        URI[] endpoint = new URI[1];

        run(
                "configuration",
                "set --database-url (DATABASE_URL) or --database-secret-id (DATABASE_SECRET_ID),"
                        + " and --region (AWS_REGION) when a secret is used",
                () -> {
                    locator.validate();
                    if (!usesSecrets) {
                        url[0] = locator.locate();
                        tls[0] = sslPolicy.decide(url[0], options.tls());
                        return "database " + url[0].masked() + ", sslmode "
                                + tls[0].mode().value();
                    }
                    endpoint[0] = secretsEndpoint();
                    return "database from secret "
                            + (options.databaseUrl() == null ? options.databaseSecretId() : "URL")
                            + (options.passwordSecretId() == null
                                    ? ""
                                    : ", password from secret " + options.passwordSecretId());
                });
        if (usesSecrets) {
            run("secrets-manager-reachable", VPC_ENDPOINT_HINT, () -> answers(endpoint[0]));
            run(
                    "secret-readable",
                    "the build role needs secretsmanager:GetSecretValue on the secret's ARN"
                            + " (and kms:Decrypt for a customer-managed key); infra/ grants it for"
                            + " database_url_secret_arn, db_password_secret_arn and secrets_kms_key_arns",
                    () -> {
                        url[0] = locator.locate();
                        tls[0] = sslPolicy.decide(url[0], options.tls());
                        return "read; database " + url[0].masked() + ", sslmode "
                                + tls[0].mode().value();
                    });
        }
        ConnectionSettings[] iam = new ConnectionSettings[1];
        if (options.iamAuth()) {
            run("iam-auth", IAM_SETUP_HINT, () -> {
                iam[0] = options.connectionSettings(url[0], tls[0], "db-runner/doctor", env, redactor);
                iam[0].iamLogin().resolveCredentials();
                return "login by RDS IAM token as " + url[0].user() + ", signed for "
                        + iam[0].iamLogin().region()
                        + " with the AWS credentials found; a new token for each connection, each valid "
                        + IamLogin.TOKEN_LIFETIME.toMinutes() + " minutes from when it is made";
            });
        }
        run(
                "database-host-resolves",
                "check the host name, and that the build runs in the database's VPC with" + " DNS resolution enabled",
                () -> url[0].host() + " is "
                        + Probes.resolve(url[0].host(), DNS_LIMIT).getHostAddress());
        run(
                "database-port-answers",
                "the database's security group must allow port " + port(url[0])
                        + " from the build's security group, and the build must run in the database's VPC"
                        + " (infra/: database_security_group_id, vpc_id and subnet_ids)",
                () -> {
                    Probes.connect(Probes.resolve(url[0].host(), DNS_LIMIT), url[0].port(), options.connectTimeout());
                    return url[0].host() + ":" + url[0].port() + " accepts connections";
                });
        ConnectionSettings settings = stopped
                ? null
                : iam[0] != null
                        ? iam[0]
                        : options.connectionSettings(url[0], tls[0], "db-runner/doctor", env, redactor);
        tlsAndLogin(settings);
        if (backup != null) {
            // Before the schema's check, which fails whenever migrations are pending, the very case
            // in which migrate calls RDS.
            rdsChecks(url[0]);
        }
        run("schema-up-to-date", "run the migrate task", () -> {
            List<String> pending = schemaStatus.pendingMigrations(settings);
            if (!pending.isEmpty()) {
                throw new IOException(pending.size() + " pending migration(s): " + String.join(", ", pending));
            }
            return "no pending migrations";
        });
        return List.copyOf(checks);
    }

    /** One connection attempt tells both: a TLS failure comes before the login, a login failure after. */
    private void tlsAndLogin(ConnectionSettings settings) {
        if (stopped) {
            skip("tls-verifies");
            skip("login-works");
            return;
        }
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(settings.url().jdbcUrl(), settings.driverProperties());
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("select coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()),"
                                + " false), current_user")) {
            rs.next();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (!rs.getBoolean(1)) {
                checks.add(new Check(
                        "tls-verifies",
                        SslPolicy.isLoopback(settings.url().host()) ? Check.Outcome.SKIP : Check.Outcome.FAIL,
                        millis,
                        "no TLS (sslmode=" + settings.tls().mode().value() + ")",
                        "use --ssl-mode verify-full"));
            } else {
                checks.add(observedTls(settings, millis, ""));
            }
            checks.add(new Check(
                    "login-works",
                    Check.Outcome.PASS,
                    0,
                    "logged in as " + rs.getString(2)
                            + (settings.iamLogin() == null
                                    ? ""
                                    : " by IAM token, " + settings.iamLogin().lastToken()),
                    ""));
        } catch (SQLException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            String message =
                    redactor.mask(ConnectionFailures.classify(e, settings).getMessage());
            if (ConnectionFailures.isTlsFailure(e) || ConnectionFailures.isUnverifiedPasswordRequest(e)) {
                checks.add(new Check(
                        "tls-verifies",
                        Check.Outcome.FAIL,
                        millis,
                        message,
                        ConnectionFailures.isTlsFailure(e)
                                ? "the CA bundle must hold the CA that signed the server's certificate"
                                : "connect with verify-full (the default for a remote host), or have the server"
                                        + " use scram-sha-256"));
                stopped = true;
                skip("login-works");
            } else {
                checks.add(tlsBeforeRefusedLogin(e, settings, millis));
                checks.add(new Check("login-works", Check.Outcome.FAIL, millis, message, loginHint(e, settings)));
                stopped = true;
            }
        }
    }

    /** The check from what the handshake established (TlsHandshakes), not from the configured mode. */
    private static Check observedTls(ConnectionSettings settings, long millis, String suffix) {
        Optional<TlsHandshake> handshake = TlsHandshakes.latest(settings.tlsKey());
        if (handshake.isEmpty()) {
            return new Check(
                    "tls-verifies",
                    Check.Outcome.FAIL,
                    millis,
                    "encrypted, but the handshake was not observed, so nothing is known about the certificate" + suffix,
                    "report this: the runner's TLS factory was not used");
        }
        String detail = handshake.get().describe(settings.tls().rootCertName()) + suffix;
        if (!handshake.get().chainVerified()) {
            return new Check(
                    "tls-verifies",
                    Check.Outcome.FAIL,
                    millis,
                    "encrypted, but " + detail,
                    "verify-full is the default for a remote host: drop sslmode=require, and pass --ssl-root-cert"
                            + " for a CA other than RDS's");
        }
        return new Check("tls-verifies", Check.Outcome.PASS, millis, detail, "");
    }

    /** Only a server that answered can have refused the credentials; one that said nothing did not. */
    private static String loginHint(SQLException e, ConnectionSettings settings) {
        if ("3D000".equals(e.getSQLState())) {
            return "check the database name in the URL or secret";
        }
        if (String.valueOf(e.getSQLState()).startsWith("28")) {
            return settings.iamLogin() != null
                    ? settings.iamLogin().refusedHint(settings.url().user())
                    : "check the user and password in the secret, and whether it was rotated";
        }
        if (ConnectionFailures.answeredTcpButNotPostgres(e)) {
            return "the server accepted TCP but did not answer: check that the host and port are the PostgreSQL"
                    + " server itself (not a proxy or another service) and that it is not overloaded";
        }
        return "the connection failed before the server asked for credentials; see the error above";
    }

    /**
     * A server answers a login or a database name only after the handshake, so a refusal of
     * those comes after TLS was set up, when the mode demands it; any other failure says nothing
     * about TLS.
     */
    private static Check tlsBeforeRefusedLogin(SQLException e, ConnectionSettings settings, long millis) {
        String state = String.valueOf(e.getSQLState());
        boolean answeredAfterHandshake = state.startsWith("28") || state.equals("3D000");
        if (answeredAfterHandshake && !settings.tls().mode().mayBePlaintext()) {
            return observedTls(settings, millis, " (before the server refused the login)");
        }
        return new Check("tls-verifies", Check.Outcome.SKIP, millis, "not reached: the connection failed first", "");
    }

    /** The RDS API that migrate's backup guard calls: reachable, then the database found on it. */
    private void rdsChecks(DatabaseUrl url) {
        run("rds-api-reachable", RDS_ENDPOINT_HINT, () -> answers(rdsEndpoint()));
        run(
                "rds-backup",
                "the build role needs rds:DescribeDBInstances and rds:DescribeDBSnapshots (or the cluster ones) on"
                        + " the database (infra/: rds_instance_id or rds_cluster_id; iam-policy --rds-instance-id),"
                        + " and --db-instance-id when the host is not the instance's own endpoint",
                () -> new BackupGuard(backup).inspect(url.host(), env));
    }

    private static final String RDS_ENDPOINT_HINT = "create an interface VPC endpoint for the RDS API (rds) with"
            + " private DNS enabled, whose security group allows 443 from the build's security group (infra/:"
            + " create_rds_endpoint = true), or give the build a NAT route";

    private URI rdsEndpoint() {
        return serviceEndpoint(Rds.ENDPOINT_VARIABLE, "rds", backup.region());
    }

    private URI secretsEndpoint() {
        return serviceEndpoint("AWS_ENDPOINT_URL_SECRETS_MANAGER", "secretsmanager", options.region());
    }

    /** The endpoint override in {@code variable}, else the service's public endpoint in the region. */
    private URI serviceEndpoint(String variable, String service, String region) {
        String override = AwsEnvironment.endpointOverride(variable, env);
        if (override != null) {
            return URI.create(override);
        }
        String resolved = AwsEnvironment.region(region, env);
        if (resolved == null) {
            throw new IllegalArgumentException("no AWS region: set --region or AWS_REGION");
        }
        return URI.create("https://" + service + "." + resolved + ".amazonaws.com");
    }

    /** The endpoint's host resolves and takes a TCP connection on its port. */
    private static String answers(URI endpoint) throws Exception {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "http".equals(endpoint.getScheme()) ? 80 : 443;
        InetAddress address = Probes.resolve(endpoint.getHost(), DNS_LIMIT);
        Probes.connect(address, port, HTTPS_LIMIT);
        return endpoint.getHost() + " (" + address.getHostAddress() + ") answers on port " + port;
    }

    private static int port(DatabaseUrl url) {
        return url == null ? DatabaseUrl.DEFAULT_PORT : url.port();
    }

    private interface Probe {
        String call() throws Exception;
    }

    private void run(String name, String hint, Probe probe) {
        if (stopped) {
            skip(name);
            return;
        }
        long started = System.nanoTime();
        try {
            String detail = probe.call();
            checks.add(new Check(
                    name, Check.Outcome.PASS, (System.nanoTime() - started) / 1_000_000, redactor.mask(detail), ""));
        } catch (Exception e) {
            stopped = true;
            checks.add(new Check(
                    name,
                    Check.Outcome.FAIL,
                    (System.nanoTime() - started) / 1_000_000,
                    redactor.mask(String.valueOf(e.getMessage())),
                    hint));
        }
    }

    private void skip(String name) {
        checks.add(new Check(name, Check.Outcome.SKIP, 0, "skipped: an earlier check failed", ""));
    }
}
