package org.daadaar.runner.secrets;

import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsClients;
import org.daadaar.runner.aws.AwsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * GetSecretValue with bounded time and one-line failures. Inside a VPC, a missing interface
 * endpoint shows up as a call that never answers; the SDK's default would wait for minutes, so
 * every attempt and the whole call have short limits (--secrets-timeout, 10 s by default).
 */
public final class SecretsManagerReader implements SecretReader, AutoCloseable {
    private static final String ENDPOINT_HINT = "check the Secrets Manager interface VPC endpoint (private DNS"
            + " enabled) and that its security group allows HTTPS (443) from this build's security group";

    private final SecretsManagerClient client;
    private final String where;
    private final AwsClients.Timeouts timeouts;

    private SecretsManagerReader(SecretsManagerClient client, String where, AwsClients.Timeouts timeouts) {
        this.client = client;
        this.where = where;
        this.timeouts = timeouts;
    }

    /**
     * One HTTP attempt's share of the call: 3/10, so that the SDK's standard retry mode (three
     * attempts) and its backoff fit inside the call; with a third each, the call's limit would
     * cut the last attempt short. 10 s gives 3 s per attempt.
     */
    static Duration attemptTimeout(Duration callTimeout) {
        return callTimeout.multipliedBy(3).dividedBy(10);
    }

    /**
     * @param region --region, or null for AWS_REGION, AWS_DEFAULT_REGION, then the SDK's chain
     * @param env the process environment: endpoint overrides and static credentials are read from
     *     it, as the SDK would, so that tests can pass their own
     * @param callTimeout --secrets-timeout: one GetSecretValue, retries included
     */
    public static SecretsManagerReader create(String region, Map<String, String> env, Duration callTimeout) {
        AwsClients.Timeouts timeouts = new AwsClients.Timeouts(attemptTimeout(callTimeout), callTimeout);
        SecretsManagerClient client = AwsClients.build(
                SecretsManagerClient.builder(),
                "Secrets Manager",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                region,
                env,
                timeouts);
        return new SecretsManagerReader(client, AwsClients.where(client, "Secrets Manager"), timeouts);
    }

    @Override
    public String read(String secretId) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(secretId));
        } catch (AwsServiceException | SdkClientException e) {
            throw AwsFailures.map(e, failure -> line(secretId, failure));
        }
        if (response.secretString() == null) {
            throw RunnerException.badInput("secret '" + secretId + "' holds binary data; db-runner expects a string"
                    + " (a database URL, an RDS JSON secret, or a password)");
        }
        return response.secretString();
    }

    private String line(String secretId, AwsFailures.Failure failure) {
        String code = failure.code();
        return switch (failure.kind()) {
            case ACCESS_DENIED -> "not allowed to read secret '" + secretId + "' (" + code
                    + "): the build role's IAM policy needs secretsmanager:GetSecretValue"
                    + " on this secret's ARN, and kms:Decrypt if it uses a customer-managed key";
            case NOT_FOUND -> "secret '" + secretId + "' does not exist in " + where
                    + ": check the secret name or ARN and the region (--region, AWS_REGION)";
            case DECRYPTION_FAILED -> "secret '" + secretId + "' could not be decrypted:"
                    + " the build role needs kms:Decrypt on the secret's KMS key";
            case BAD_CREDENTIALS -> "AWS rejected the build's credentials (" + code
                    + "): check the role CodeBuild runs as, or AWS_PROFILE and the clock";
            case THROTTLED, BAD_REQUEST, SERVICE_ERROR -> "Secrets Manager refused to return secret '" + secretId
                    + "' (" + code + ", HTTP " + failure.httpStatus() + ")";
            case TIMED_OUT -> where + " did not answer GetSecretValue within " + shown(timeouts.call())
                    + " (--secrets-timeout): " + ENDPOINT_HINT;
            case UNKNOWN_HOST -> "cannot resolve the host of " + where + ": " + ENDPOINT_HINT;
            case CONNECTION_REFUSED -> "cannot connect to " + where + ": " + ENDPOINT_HINT;
            case NO_ANSWER -> where + " did not answer within " + shown(timeouts.attempt())
                    + " (3/10 of --secrets-timeout): " + ENDPOINT_HINT;
            case NO_CREDENTIALS -> "no AWS credentials found: in CodeBuild the project's service role"
                    + " provides them; on a laptop set AWS_PROFILE or run aws sso login";
            case CLIENT_ERROR -> "reading from " + where + " failed: "
                    + failure.exception().getClass().getSimpleName() + ": " + ENDPOINT_HINT;
        };
    }

    /** 10 s, or 300 ms for a limit that is not whole seconds. */
    private static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.close();
    }
}
