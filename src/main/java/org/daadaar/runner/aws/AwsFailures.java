package org.daadaar.runner.aws;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Function;
import org.daadaar.runner.Causes;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Where a failed AWS call gets its exit code: what AWS or the network said becomes a {@link Kind},
 * and each kind has one exit code. The caller words the line ({@link AwsCalls} names the IAM
 * action; the secret reader the VPC endpoint), since the thing to check differs. A failure reaches
 * this class after the SDK's own retries, throttling included.
 */
public final class AwsFailures {
    /** What went wrong, as far as the thing to check goes. */
    public enum Kind {
        /** The role or user lacks the IAM permission. */
        ACCESS_DENIED(ExitCode.ENVIRONMENT),
        /** AWS did not accept the credentials: expired, for another account, or a skewed clock. */
        BAD_CREDENTIALS(ExitCode.ENVIRONMENT),
        THROTTLED(ExitCode.ENVIRONMENT),
        /** The named resource (a secret, a role policy, a log stream) does not exist. */
        NOT_FOUND(ExitCode.BAD_INPUT),
        /** KMS did not decrypt the secret for this role. */
        DECRYPTION_FAILED(ExitCode.ENVIRONMENT),
        /** AWS refused what was asked: a malformed name, id or document. */
        BAD_REQUEST(ExitCode.BAD_INPUT),
        /** Any other error AWS answered with. */
        SERVICE_ERROR(ExitCode.ENVIRONMENT),
        /** The SDK's limit per attempt or per call ran out. */
        TIMED_OUT(ExitCode.ENVIRONMENT),
        UNKNOWN_HOST(ExitCode.ENVIRONMENT),
        CONNECTION_REFUSED(ExitCode.ENVIRONMENT),
        /** The connection was made and then nothing came back within the attempt's limit. */
        NO_ANSWER(ExitCode.ENVIRONMENT),
        /** The SDK's default chain found no credentials. */
        NO_CREDENTIALS(ExitCode.ENVIRONMENT),
        /** Any other client-side failure. */
        CLIENT_ERROR(ExitCode.ENVIRONMENT);

        /** Bad input for what the caller named wrongly, the environment for the rest. */
        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * @param code the error code AWS sent, "unknown" when it sent none, null for a client-side failure
     * @param httpStatus the HTTP status AWS answered with, 0 for a client-side failure
     * @param serviceMessage AWS's own error message, null when there is none
     */
    public record Failure(Kind kind, String code, int httpStatus, String serviceMessage, SdkException exception) {}

    private static final Set<String> ACCESS_DENIED =
            Set.of("AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "AuthorizationError");
    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "ExpiredTokenException",
            "ExpiredToken",
            "InvalidClientTokenId",
            "SignatureDoesNotMatch",
            "IncompleteSignature");
    private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "NoSuchEntity");
    private static final Set<String> BAD_REQUEST = Set.of(
            "InvalidInputException",
            "ValidationException",
            "InvalidParameterException",
            // RDS's (Query protocol) names for a malformed or contradictory parameter.
            "InvalidParameterValue",
            "InvalidParameterCombination",
            "MalformedPolicyDocument",
            "MalformedPolicyDocumentException");

    private AwsFailures() {}

    /** The failure as a RunnerException with its kind's exit code and the caller's line. */
    public static RunnerException map(SdkException e, Function<Failure, String> wording) {
        Failure failure = classify(e);
        String line = wording.apply(failure);
        return failure.kind().exitCode() == ExitCode.BAD_INPUT
                ? RunnerException.badInput(line, e)
                : RunnerException.environment(line, e);
    }

    /** The error code AWS sent, or "unknown". */
    public static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "unknown"
                : e.awsErrorDetails().errorCode();
    }

    static Failure classify(SdkException e) {
        if (e instanceof AwsServiceException aws) {
            String code = errorCode(aws);
            String message =
                    aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
            return new Failure(serviceKind(code, aws), code, aws.statusCode(), message, e);
        }
        return new Failure(clientKind(e), null, 0, null, e);
    }

    private static Kind serviceKind(String code, AwsServiceException e) {
        if (ACCESS_DENIED.contains(code)) {
            return Kind.ACCESS_DENIED;
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return Kind.BAD_CREDENTIALS;
        }
        if (e.isThrottlingException()) {
            return Kind.THROTTLED;
        }
        if (NOT_FOUND.contains(code)) {
            return Kind.NOT_FOUND;
        }
        if (code.equals("DecryptionFailure")) {
            return Kind.DECRYPTION_FAILED;
        }
        return BAD_REQUEST.contains(code) ? Kind.BAD_REQUEST : Kind.SERVICE_ERROR;
    }

    private static Kind clientKind(SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return Kind.TIMED_OUT;
        }
        // The outermost network cause decides: the SDK wraps the HTTP client's exception.
        for (Throwable t : Causes.chain(e.getCause())) {
            if (t instanceof UnknownHostException) {
                return Kind.UNKNOWN_HOST;
            }
            if (t instanceof ConnectException) {
                return Kind.CONNECTION_REFUSED;
            }
            if (t instanceof SocketTimeoutException) {
                return Kind.NO_ANSWER;
            }
        }
        return String.valueOf(e.getMessage()).contains("credentials") ? Kind.NO_CREDENTIALS : Kind.CLIENT_ERROR;
    }
}
