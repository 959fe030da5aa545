package org.daadaar.runner.aws;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Supplier;
import org.daadaar.runner.RunnerException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs one AWS call and turns what it throws into the contract's exit codes, with a line that
 * names the IAM action, so that "AccessDenied" says which permission is missing. Calls have
 * already been retried by the SDK (throttling included) when an exception reaches this class.
 */
public final class AwsCalls {
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
    private static final Set<String> BAD_REQUEST = Set.of(
            "InvalidInputException",
            "ValidationException",
            "InvalidParameterException",
            "MalformedPolicyDocument",
            "MalformedPolicyDocumentException",
            "ResourceNotFoundException",
            "NoSuchEntity");

    private final String where;

    /** @param where the service and region, or the endpoint, for messages (see {@link AwsClients#where}) */
    public AwsCalls(String where) {
        this.where = where;
    }

    /**
     * @param action the IAM action the call needs, e.g. codebuild:StartBuild
     * @param target what it acts on, for messages, e.g. "project db-runner"
     */
    public <T> T call(String action, String target, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw serviceError(action, target, e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw RunnerException.environment(
                    where + " did not answer " + action + " in time: check the network"
                            + " path to AWS (VPN, proxy, VPC endpoint)",
                    e);
        } catch (SdkClientException e) {
            throw clientError(action, e);
        }
    }

    /** The error code AWS sent, or "unknown". */
    public static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "unknown"
                : e.awsErrorDetails().errorCode();
    }

    private RunnerException serviceError(String action, String target, AwsServiceException e) {
        String code = errorCode(e);
        if (ACCESS_DENIED.contains(code)) {
            return RunnerException.environment(
                    "not allowed to call " + action + " on " + target + " (" + code
                            + "): the role or user you run as needs " + action + " on it in its IAM policy",
                    e);
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return RunnerException.environment(
                    "AWS rejected the credentials for " + action + " (" + code + "): run"
                            + " aws sso login, or check AWS_PROFILE and the clock",
                    e);
        }
        if (e.isThrottlingException()) {
            return RunnerException.environment(
                    "AWS kept throttling " + action + " after the SDK's retries (" + code
                            + "): wait a minute and try again",
                    e);
        }
        if (BAD_REQUEST.contains(code)) {
            return RunnerException.badInput(
                    action + " on " + target + " was refused (" + code + "): "
                            + e.awsErrorDetails().errorMessage(),
                    e);
        }
        return RunnerException.environment(
                action + " on " + target + " failed (" + code + ", HTTP " + e.statusCode() + ")", e);
    }

    private RunnerException clientError(String action, SdkClientException e) {
        for (Throwable t = e.getCause(); t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return RunnerException.environment(
                        "cannot resolve the host of " + where + " for " + action
                                + ": check the network, the region and AWS_ENDPOINT_URL",
                        e);
            }
            if (t instanceof ConnectException) {
                return RunnerException.environment(
                        "cannot connect to " + where + " for " + action
                                + ": check the network, a proxy or VPN, and AWS_ENDPOINT_URL",
                        e);
            }
            if (t instanceof SocketTimeoutException) {
                return RunnerException.environment(
                        where + " did not answer " + action + " in time: check the"
                                + " network path to AWS (VPN, proxy, VPC endpoint)",
                        e);
            }
        }
        if (String.valueOf(e.getMessage()).contains("credentials")) {
            return RunnerException.environment(
                    "no AWS credentials found for " + action + ": on a laptop set"
                            + " AWS_PROFILE or run aws sso login; in CodeBuild the project's service role provides them",
                    e);
        }
        return RunnerException.environment(
                action + " to " + where + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
