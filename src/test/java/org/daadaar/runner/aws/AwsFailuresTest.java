package org.daadaar.runner.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The SDK's own exception types, as its clients throw them, through the one mapping. */
class AwsFailuresTest {
    private static final AwsCalls CALLS = new AwsCalls("CodeBuild (eu-west-1)");

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(service("AccessDeniedException", 400), ExitCode.ENVIRONMENT, "needs codebuild:StartBuild"),
                Arguments.of(service("ExpiredToken", 403), ExitCode.ENVIRONMENT, "AWS rejected the credentials"),
                Arguments.of(service("ThrottlingException", 400), ExitCode.ENVIRONMENT, "kept throttling"),
                Arguments.of(
                        service("ResourceNotFoundException", 400),
                        ExitCode.BAD_INPUT,
                        "was refused (ResourceNotFoundException): said by AWS"),
                Arguments.of(
                        service("ValidationException", 400), ExitCode.BAD_INPUT, "was refused (ValidationException)"),
                Arguments.of(
                        service("InternalFailure", 500), ExitCode.ENVIRONMENT, "failed (InternalFailure, HTTP 500)"),
                Arguments.of(
                        ApiCallTimeoutException.create(1000),
                        ExitCode.ENVIRONMENT,
                        "did not answer codebuild:StartBuild"),
                Arguments.of(
                        client("x", new UnknownHostException("codebuild")), ExitCode.ENVIRONMENT, "cannot resolve"),
                Arguments.of(client("x", new ConnectException("refused")), ExitCode.ENVIRONMENT, "cannot connect"),
                Arguments.of(
                        client("x", new SocketTimeoutException("Read timed out")), ExitCode.ENVIRONMENT, "in time"),
                Arguments.of(
                        client("Unable to load credentials from any of the providers", null),
                        ExitCode.ENVIRONMENT,
                        "no AWS credentials found"),
                Arguments.of(client("odd", null), ExitCode.ENVIRONMENT, "failed: SdkClientException: odd"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void each_failure_gets_its_exit_code_and_a_line_naming_the_action(SdkException thrown, int exitCode, String says) {
        RunnerException failure = catchThrowableOfType(
                () -> CALLS.call("codebuild:StartBuild", "project db-runner", () -> {
                    throw thrown;
                }),
                RunnerException.class);

        assertThat(failure.exitCode()).as(failure.getMessage()).isEqualTo(exitCode);
        assertThat(failure.getMessage()).contains(says).doesNotContain("\n");
        assertThat(failure.getCause()).isSameAs(thrown);
    }

    @Test
    void the_outermost_network_cause_decides() {
        ConnectException refused = new ConnectException("refused");
        refused.initCause(new SocketTimeoutException("deeper"));

        assertThat(AwsFailures.classify(client("x", refused)).kind()).isEqualTo(AwsFailures.Kind.CONNECTION_REFUSED);
    }

    @Test
    void a_service_error_without_a_code_reads_unknown() {
        AwsServiceException bare = AwsServiceException.builder().statusCode(502).build();

        AwsFailures.Failure failure = AwsFailures.classify(bare);

        assertThat(failure.code()).isEqualTo("unknown");
        assertThat(failure.kind()).isEqualTo(AwsFailures.Kind.SERVICE_ERROR);
    }

    private static AwsServiceException service(String code, int status) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("said by AWS")
                        .build())
                .build();
    }

    private static SdkClientException client(String message, Throwable cause) {
        return SdkClientException.builder().message(message).cause(cause).build();
    }
}
