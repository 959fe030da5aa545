package org.daadaar.runner.iamauth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.daadaar.runner.aws.AwsClients;
import org.daadaar.runner.output.Redactor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * One run's login by RDS IAM token: the region and the credentials that sign, kept for the whole
 * run so that the SDK's provider caches and refreshes the role's credentials as it does for any
 * client. A token is made locally, without a call to AWS, each time pgjdbc asks for a password,
 * that is once per new physical connection, so a connection that the pool opens later than the
 * token's 15 minutes still gets a valid one.
 */
public final class IamLogin {
    /** RDS's fixed lifetime of a token (X-Amz-Expires=900); it only matters at login. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final String id = UUID.randomUUID().toString();
    private final String region;
    private final RdsUtilities utilities;
    private final Redactor redactor;
    private final AwsCredentialsProvider credentials;
    private volatile Instant lastTokenMade;

    IamLogin(String region, AwsCredentialsProvider credentials, Redactor redactor) {
        this.region = requireNonNull(region, "region");
        this.utilities = RdsUtilities.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .build();
        this.redactor = requireNonNull(redactor, "redactor");
        this.credentials = credentials;
    }

    /**
     * @param regionFlag --region, used only when the host is not an RDS endpoint name
     * @param env the credentials (AWS_ACCESS_KEY_ID...) and region variables, else the SDK's chain
     * @throws org.daadaar.runner.RunnerException bad input when no region can be found
     */
    public static IamLogin create(String host, String regionFlag, Map<String, String> env, Redactor redactor) {
        return new IamLogin(IamRegion.of(host, regionFlag, env), AwsClients.credentials(env), redactor);
    }

    /** What doctor says about a failed login, with the user's own names in it. */
    public String refusedHint(String user) {
        return "GRANT rds_iam TO " + user + " in the database; give the build role rds-db:connect on"
                + " arn:" + partition() + ":rds-db:" + region + ":ACCOUNT:dbuser:DBI_RESOURCE_ID/" + user
                + " (iam-policy --iam-db-resource-id DBI_RESOURCE_ID --iam-db-user " + user + ", or infra/'s"
                + " iam_db_users); " + lastToken();
    }

    /** The ARN partition of the region: China's and GovCloud's have their own. */
    private String partition() {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    public String region() {
        return region;
    }

    /**
     * Points pgjdbc at {@link IamTokenPlugin} for a connection to {@code host:port} as {@code user}:
     * pgjdbc builds the plugin itself, from its class name, and hands it only the connection's
     * properties, so the properties carry a key (never a secret) under which the plugin finds this
     * login. No password property at all: pgjdbc would fall back to it.
     */
    public void applyTo(Properties properties, String host, int port, String user) {
        String key = id + " " + user + "@" + host + ":" + port;
        IamTokenPlugin.register(key, new IamTokenPlugin.Target(this, host, port, user));
        properties.remove("password");
        properties.setProperty("authenticationPluginClassName", IamTokenPlugin.class.getName());
        properties.setProperty(IamTokenPlugin.KEY_PROPERTY, key);
    }

    /** A fresh token; registered with the redactor before anything could print it. */
    String token(String host, int port, String user) {
        String token = utilities.generateAuthenticationToken(
                r -> r.hostname(host).port(port).username(user));
        redactor.register(token);
        lastTokenMade = Instant.now();
        return token;
    }

    /** Resolves the credentials now, as the first token would, so that doctor reports their absence. */
    public void resolveCredentials() {
        credentials.resolveCredentials();
    }

    /** When the latest token was made and until when it is valid, for doctor; never the token. */
    public String lastToken() {
        Instant made = lastTokenMade;
        if (made == null) {
            return "no token made yet";
        }
        Instant truncated = made.truncatedTo(ChronoUnit.SECONDS);
        return "token made at " + truncated + ", valid until " + truncated.plus(TOKEN_LIFETIME);
    }

    /** Names the login, never a token: for logs and doctor. */
    @Override
    public String toString() {
        return "IAM token login, region " + region;
    }
}
