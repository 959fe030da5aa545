package org.daadaar.runner.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.RunnerException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds every AWS client the same way: the URL-connection HTTP client, a bounded time per attempt
 * and per call, the region from the flag or the environment, the SDK's endpoint variables, and
 * static credentials from the environment when they are there (else the SDK's default chain).
 * Everything is read from the map it is given, so tests pass their own environment.
 */
public final class AwsClients {
    /** How long one HTTP attempt and one whole call (retries included) may take. */
    public record Timeouts(Duration attempt, Duration call) {}

    private AwsClients() {}

    /**
     * @param service the service's name for messages, e.g. "CodeBuild"
     * @param endpointVariable the SDK's service-specific endpoint variable, e.g. AWS_ENDPOINT_URL_CODEBUILD
     * @param region --region, or null for AWS_REGION, AWS_DEFAULT_REGION, then the SDK's chain
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(
            B builder,
            String service,
            String endpointVariable,
            String region,
            Map<String, String> env,
            Timeouts timeouts) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.attempt())
                        .socketTimeout(timeouts.attempt()))
                .overrideConfiguration(
                        c -> c.apiCallAttemptTimeout(timeouts.attempt()).apiCallTimeout(timeouts.call()))
                .credentialsProvider(credentials(env));
        String chosenRegion = AwsEnvironment.region(region, env);
        if (chosenRegion != null) {
            builder.region(Region.of(chosenRegion));
        }
        String endpoint = AwsEnvironment.endpointOverride(endpointVariable, env);
        if (endpoint != null) {
            try {
                builder.endpointOverride(URI.create(endpoint));
            } catch (IllegalArgumentException e) {
                throw RunnerException.badInput(
                        "AWS_ENDPOINT_URL or " + endpointVariable + " is not a URL: " + endpoint);
            }
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw RunnerException.badInput("no AWS region for " + service + ": set --region or AWS_REGION", e);
        }
    }

    /** Where a client sends its calls, for messages: the endpoint override, else the service and region. */
    public static String where(SdkClient client, String service) {
        var configuration = client.serviceClientConfiguration();
        return configuration
                .endpointOverride()
                .map(URI::toString)
                .orElseGet(() -> service
                        + (configuration instanceof AwsServiceClientConfiguration aws ? " in " + aws.region() : ""));
    }

    /** Static credentials from the map when both keys are there, else the SDK's default chain. */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(
                token == null
                        ? AwsBasicCredentials.create(key, secret)
                        : AwsSessionCredentials.create(key, secret, token));
    }
}
