package org.daadaar.runner.db;

import static org.daadaar.runner.Causes.find;
import static org.daadaar.runner.Causes.firstLine;
import static org.daadaar.runner.Causes.messageContains;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.StallBounds;

/**
 * Turns the ways a connection fails into one line with the thing to check. The classic in-VPC
 * failures each have their own hint: DNS, the security group, the CA bundle, the credentials.
 * Every one is exit 3: the environment, never the input or a task.
 */
public final class ConnectionFailures {
    public static final String INVALID_PASSWORD = "28P01";

    /** What to check when RDS refuses a token: each of these alone makes it fail the same way. */
    public static final String IAM_LOGIN_HINT = "check that the database user was granted rds_iam, that the"
            + " build role may rds-db:connect as that user (iam-policy --iam-db-resource-id ID --iam-db-user USER),"
            + " that IAM database authentication is enabled on the instance, and that this machine's clock is right";

    private ConnectionFailures() {}

    public static RunnerException classify(Throwable failure, ConnectionSettings settings) {
        String target = settings.url().host() + ":" + settings.url().port();
        String seconds = settings.connectTimeout().toSeconds() + " s";
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null ? "" : String.valueOf(sql.getSQLState());
        if ((state.equals(INVALID_PASSWORD) || state.equals("28000")) && settings.iamLogin() != null) {
            return RunnerException.environment(
                    "the IAM token login of user '" + settings.url().user() + "' on " + target + " failed"
                            + " (SQLSTATE " + state + ": " + firstLine(sql.getMessage())
                            + "): " + IAM_LOGIN_HINT,
                    failure);
        }
        if (state.equals(INVALID_PASSWORD) || state.equals("28000")) {
            return RunnerException.environment(
                    "the database refused the login of user '" + settings.url().user()
                            + "' on " + target + " (SQLSTATE " + state
                            + "): check the credentials, or whether the secret"
                            + " was rotated",
                    failure);
        }
        if (state.equals("3D000")) {
            return RunnerException.environment(
                    "database '" + settings.url().database() + "' does not exist on " + target
                            + ": check the database name in the URL or secret",
                    failure);
        }
        if (find(failure, UnknownHostException.class) != null) {
            return RunnerException.environment(
                    "cannot resolve the database host " + settings.url().host()
                            + ": check the host name and that the build runs in the database's VPC",
                    failure);
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null) {
            return RunnerException.environment(
                    "the database at " + target + " refused the connection: check that it"
                            + " is running and that its security group allows port "
                            + settings.url().port()
                            + " from this build's security group",
                    failure);
        }
        if (isUnverifiedPasswordRequest(failure)) {
            return RunnerException.environment(
                    "the server at " + target + " asked for the password in clear text or as MD5 over a"
                            + " connection whose certificate was not verified (sslmode="
                            + settings.tls().mode().value()
                            + "), so it was not sent: an impostor could read it; use verify-full (the"
                            + " default for a remote host), or have the server use scram-sha-256",
                    failure);
        }
        if (isTlsFailure(failure)) {
            String bundle = settings.tls().rootCertName() == null
                    ? "no CA bundle"
                    : "CA bundle: " + settings.tls().rootCertName();
            return RunnerException.environment(
                    "TLS with " + target + " failed (sslmode="
                            + settings.tls().mode().value() + ", " + bundle
                            + "): check that the bundle holds the CA that"
                            + " signed the server's certificate (for RDS, the global bundle) and that the host name matches"
                            + " it",
                    failure);
        }
        if (answeredTcpButNotPostgres(failure)) {
            if (isReadTimeout(failure, settings)) {
                StallBounds stall = settings.stallBounds();
                return RunnerException.environment(
                        "the database at " + target + " stopped answering: nothing came back within "
                                + stall.read().toSeconds() + " s (the read limit: statement_timeout + "
                                + stall.idleInTransaction().toMillis() + " ms + 1 s): check the network path to it"
                                + " (VPN, proxy, NAT, security group changes)",
                        failure);
            }
            return RunnerException.environment(
                    "the database at " + target + " accepted the connection but did not answer within "
                            + settings.loginTimeout().toSeconds() + " s"
                            + ": check that this host and port are the PostgreSQL server (not a proxy or another"
                            + " service) and that it is not overloaded",
                    failure);
        }
        if (find(failure, SocketTimeoutException.class) != null || messageContains(failure, "timed out")) {
            return RunnerException.environment(
                    "no answer from the database at " + target + " within " + seconds
                            + ": its security group must allow port "
                            + settings.url().port() + " from this build's security"
                            + " group, in the same VPC",
                    failure);
        }
        return RunnerException.environment(
                "cannot connect to " + settings.url().masked() + ": "
                        + (sql == null
                                ? failure.getClass().getSimpleName()
                                : sql.getMessage() + " (SQLSTATE " + state + ")"),
                failure);
    }

    /**
     * The TCP connection was made and then nothing came back: pgjdbc's login timeout ("Connection
     * attempt timed out") or a read timeout, as opposed to a TCP connect that timed out ("Connect
     * timed out"), which is the security group's doing.
     */
    public static boolean answeredTcpButNotPostgres(Throwable failure) {
        SocketTimeoutException timeout = find(failure, SocketTimeoutException.class);
        if (timeout != null) {
            return timeout.getMessage() == null
                    || !timeout.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect");
        }
        return messageContains(failure, "Connection attempt timed out");
    }

    /** A read that timed out waited the read limit; a login that timed out, the connect timeout. */
    private static boolean isReadTimeout(Throwable failure, ConnectionSettings settings) {
        return find(failure, SocketTimeoutException.class) != null
                && settings.stallBounds().readLimited()
                && !messageContains(failure, "Connection attempt timed out");
    }

    /** The handshake failed or the certificate was not trusted, as opposed to the network or the login. */
    public static boolean isTlsFailure(Throwable failure) {
        return find(failure, SSLException.class) != null
                || find(failure, CertificateException.class) != null
                || messageContains(failure, "SSL error")
                || messageContains(failure, "does not support SSL")
                || messageContains(failure, "could not be verified by hostnameverifier");
    }

    /** pgjdbc refused a password request because of the requireAuth the runner sets for unverified TLS. */
    public static boolean isUnverifiedPasswordRequest(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        return sql != null && "08004".equals(sql.getSQLState()) && messageContains(failure, "requireAuth");
    }

    public static boolean isInvalidPassword(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        return sql != null && INVALID_PASSWORD.equals(sql.getSQLState());
    }
}
