package org.daadaar.runner.iamauth;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.daadaar.runner.Causes;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * What pgjdbc asks for the password when {@code authenticationPluginClassName} names this class.
 * pgjdbc 42.7 (core/v3/AuthenticationPluginManager.withPassword) instantiates it anew each time the
 * server requests a password, through ObjectFactory with the connection's properties, and calls
 * {@link #getPassword} once; so every connection, the pool's later ones included, gets a token
 * made at that moment. The URL may not name a plugin (config/UrlParameters); only the runner does.
 */
public final class IamTokenPlugin implements AuthenticationPlugin {
    /** A property pgjdbc does not know and ignores, except for handing it to this plugin. */
    static final String KEY_PROPERTY = "dbRunnerIamLogin";

    /** Where a connection's token is for. */
    record Target(IamLogin login, String host, int port, String user) {
        Target {
            requireNonNull(login, "login");
            requireNonNull(host, "host");
            requireNonNull(user, "user");
        }
    }

    // One entry per run and endpoint: a process runs one set of tasks, tests a few dozen.
    private static final ConcurrentMap<String, Target> TARGETS = new ConcurrentHashMap<>();

    private final String key;

    /** pgjdbc calls this constructor with the connection's properties. */
    public IamTokenPlugin(Properties info) {
        this.key = info.getProperty(KEY_PROPERTY);
    }

    static void register(String key, Target target) {
        TARGETS.put(key, target);
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        Target target = key == null ? null : TARGETS.get(key);
        if (target == null) {
            throw new PSQLException(
                    "no IAM login is set up for this connection (a bug in db-runner)", PSQLState.CONNECTION_REJECTED);
        }
        if (type != AuthenticationRequestType.CLEARTEXT_PASSWORD) {
            // RDS asks for the token as a clear-text password, over the verified TLS that --iam-auth
            // demands; any other request means the role logs in by password, not by IAM.
            throw new PSQLException(
                    "the server asked user '" + target.user() + "' for a " + describe(type)
                            + ", not for the clear-text password an RDS IAM token is sent as, so the role"
                            + " does not log in by IAM: GRANT rds_iam TO " + target.user(),
                    PSQLState.INVALID_AUTHORIZATION_SPECIFICATION);
        }
        try {
            return target.login()
                    .token(target.host(), target.port(), target.user())
                    .toCharArray();
        } catch (RuntimeException e) {
            // The SDK's message names the credential sources it tried, never a key.
            throw new PSQLException(
                    "could not sign an RDS IAM token for user '" + target.user() + "': "
                            + Causes.firstLine(e.getMessage()) + " (check the build role's credentials:"
                            + " AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in CodeBuild, a profile or AWS_* on a laptop)",
                    PSQLState.CONNECTION_REJECTED,
                    e);
        }
    }

    private static String describe(AuthenticationRequestType type) {
        return switch (type) {
            case MD5_PASSWORD -> "MD5 password";
            case SASL -> "SCRAM password";
            default -> type.name().toLowerCase(Locale.ROOT) + " login";
        };
    }
}
