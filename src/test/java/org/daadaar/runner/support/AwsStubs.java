package org.daadaar.runner.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One WireMock server standing in for CodeBuild, CloudWatch Logs and IAM, and the environment that
 * points the real SDK clients at it. The environment also holds secrets (the secret access key, a
 * database password) that must never be seen in a request: after each test, every request the
 * stubs received is checked for them. Register it with {@code @RegisterExtension}.
 */
public final class AwsStubs implements BeforeEachCallback, AfterEachCallback {
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    public static final String DATABASE_PASSWORD = "Db-Passw0rd-never-sent";
    public static final String JSON_11 = "application/x-amz-json-1.1";

    private final WireMockServer server =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Override
    public void beforeEach(ExtensionContext context) {
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            assertNoSecretSent();
        } finally {
            server.stop();
        }
    }

    public WireMockServer server() {
        return server;
    }

    public Map<String, String> env() {
        return Map.of(
                "AWS_ENDPOINT_URL",
                server.baseUrl(),
                "AWS_REGION",
                "eu-central-1",
                "AWS_ACCESS_KEY_ID",
                "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                SECRET_ACCESS_KEY,
                "DATABASE_URL",
                "postgresql://app:" + DATABASE_PASSWORD + "@db.internal:5432/app",
                "CODEBUILD_PROJECT",
                "db-runner");
    }

    /** A JSON 1.1 call, as CodeBuild and CloudWatch Logs take them: POST / with X-Amz-Target. */
    public static MappingBuilder target(String target) {
        return post("/").withHeader("X-Amz-Target", equalTo(target));
    }

    public static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody(body);
    }

    public static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON_11)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** The requests that carried this X-Amz-Target, in the order they came. */
    public List<LoggedRequest> requests(String target) {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(target)));
    }

    public List<LoggedRequest> all() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** No secret of the environment in any header or body that reached the stubs. */
    private void assertNoSecretSent() {
        for (LoggedRequest request : all()) {
            String seen = request.getHeaders() + "\n" + request.getBodyAsString();
            assertThat(seen).as("a request to the stubs").doesNotContain(SECRET_ACCESS_KEY, DATABASE_PASSWORD);
        }
    }
}
