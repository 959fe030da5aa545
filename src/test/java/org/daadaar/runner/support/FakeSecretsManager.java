package org.daadaar.runner.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.daadaar.runner.output.Json;

/**
 * Secrets Manager's GetSecretValue as the real SDK client speaks it (JSON 1.1 protocol: POST / with
 * X-Amz-Target, errors as HTTP 400 with __type and x-amzn-ErrorType), on a local port.
 */
public final class FakeSecretsManager implements AutoCloseable {
    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final WireMockServer server;

    private FakeSecretsManager(WireMockServer server) {
        this.server = server;
    }

    public static FakeSecretsManager start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return new FakeSecretsManager(server);
    }

    /** The environment that points the runner's SDK client here, with static test credentials. */
    public Map<String, String> env() {
        return envFor("http://127.0.0.1:" + server.port());
    }

    public static Map<String, String> envFor(String endpoint) {
        return Map.of(
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint,
                "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "AKIDTESTTESTTESTTEST",
                "AWS_SECRET_ACCESS_KEY", "test-secret-access-key");
    }

    /**
     * Answers GetSecretValue for one secret with these responses in turn; the last one repeats.
     * Several responses make a WireMock scenario named after the secret.
     */
    public void answer(String secretId, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            MappingBuilder stub = post(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(TARGET))
                    .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
                    .willReturn(responses[i]);
            if (responses.length > 1) {
                ScenarioMappingBuilder step =
                        stub.inScenario(secretId).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer " + i);
                stub = i + 1 < responses.length ? step.willSetStateTo("answer " + (i + 1)) : step;
            }
            server.stubFor(stub);
        }
    }

    public static ResponseDefinitionBuilder secretString(String value) {
        return found(Map.of("SecretString", value));
    }

    public static ResponseDefinitionBuilder secretBinary(byte[] value) {
        return found(Map.of("SecretBinary", Base64.getEncoder().encodeToString(value)));
    }

    /** A service error such as AccessDeniedException, ResourceNotFoundException or ThrottlingException. */
    public static ResponseDefinitionBuilder error(String type, String message) {
        return aResponse()
                .withStatus(400)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-ErrorType", type)
                .withBody(Json.write(Map.of("__type", type, "Message", message)));
    }

    public static ResponseDefinitionBuilder throttled() {
        return error("ThrottlingException", "Rate exceeded");
    }

    public static ResponseDefinitionBuilder delayed(ResponseDefinitionBuilder response, Duration delay) {
        return response.withFixedDelay((int) delay.toMillis());
    }

    private static ResponseDefinitionBuilder found(Map<String, Object> value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ARN", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-runner-test");
        body.put("Name", "db-runner-test");
        body.put("VersionId", "00000000-0000-0000-0000-000000000001");
        body.put("VersionStages", List.of("AWSCURRENT"));
        body.put("CreatedDate", 1.7E9);
        body.putAll(value);
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withBody(Json.write(body));
    }

    /** How many GetSecretValue calls asked for this secret. */
    public int reads(String secretId) {
        RequestPatternBuilder pattern = postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)));
        return server.findAll(pattern).size();
    }

    /** Every request received, headers and body, for checks that something was never sent. */
    public List<String> requests() {
        return server.getAllServeEvents().stream()
                .map(event -> event.getRequest().getHeaders() + "\n"
                        + event.getRequest().getBodyAsString())
                .toList();
    }

    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }
}
