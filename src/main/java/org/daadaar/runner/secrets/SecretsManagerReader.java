package org.daadaar.runner.secrets;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsClients;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

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
        } catch (SecretsManagerException e) {
            throw serviceError(secretId, e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw RunnerException.environment(
                    where + " did not answer GetSecretValue within " + shown(timeouts.call()) + " (--secrets-timeout): "
                            + ENDPOINT_HINT,
                    e);
        } catch (SdkClientException e) {
            throw clientError(e);
        }
        if (response.secretString() == null) {
            throw RunnerException.badInput("secret '" + secretId + "' holds binary data; db-runner expects a string"
                    + " (a database URL, an RDS JSON secret, or a password)");
        }
        return response.secretString();
    }

    private RunnerException serviceError(String secretId, SecretsManagerException e) {
        String code =
                e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
        return switch (code) {
            case "AccessDeniedException" -> RunnerException.environment(
                    "not allowed to read secret '" + secretId
                            + "' (AccessDeniedException): the build role's IAM policy needs secretsmanager:GetSecretValue"
                            + " on this secret's ARN, and kms:Decrypt if it uses a customer-managed key",
                    e);
            case "ResourceNotFoundException" -> RunnerException.badInput(
                    "secret '" + secretId + "' does not exist in " + where
                            + ": check the secret name or ARN and the region (--region, AWS_REGION)",
                    e);
            case "DecryptionFailure" -> RunnerException.environment(
                    "secret '" + secretId + "' could not be decrypted:"
                            + " the build role needs kms:Decrypt on the secret's KMS key",
                    e);
            case "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "ExpiredTokenException",
                    "InvalidClientTokenId" -> RunnerException.environment(
                    "AWS rejected the build's credentials (" + code
                            + "): check the role CodeBuild runs as, or AWS_PROFILE and the clock",
                    e);
            default -> RunnerException.environment(
                    "Secrets Manager refused to return secret '" + secretId + "' (" + code + ", HTTP " + e.statusCode()
                            + ")",
                    e);
        };
    }

    private RunnerException clientError(SdkClientException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof UnknownHostException) {
                return RunnerException.environment("cannot resolve the host of " + where + ": " + ENDPOINT_HINT, e);
            }
            if (root instanceof ConnectException) {
                return RunnerException.environment("cannot connect to " + where + ": " + ENDPOINT_HINT, e);
            }
            if (root instanceof java.net.SocketTimeoutException) {
                return RunnerException.environment(
                        where + " did not answer within " + shown(timeouts.attempt()) + " (3/10 of --secrets-timeout): "
                                + ENDPOINT_HINT,
                        e);
            }
        }
        if (String.valueOf(e.getMessage()).contains("credentials")) {
            return RunnerException.environment(
                    "no AWS credentials found: in CodeBuild the project's service role"
                            + " provides them; on a laptop set AWS_PROFILE or run aws sso login",
                    e);
        }
        return RunnerException.environment(
                "reading from " + where + " failed: " + e.getClass().getSimpleName() + ": " + ENDPOINT_HINT, e);
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
