package org.daadaar.runner.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs one AWS call and turns what it throws into the contract's exit codes ({@link AwsFailures}),
 * with a line that names the IAM action, so that "AccessDenied" says which permission is missing.
 */
public final class AwsCalls {
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
        } catch (AwsServiceException | SdkClientException e) {
            throw AwsFailures.map(e, failure -> line(action, target, failure));
        }
    }

    private String line(String action, String target, AwsFailures.Failure failure) {
        String code = failure.code();
        return switch (failure.kind()) {
            case ACCESS_DENIED -> "not allowed to call " + action + " on " + target + " (" + code
                    + "): the role or user you run as needs " + action + " on it in its IAM policy";
            case BAD_CREDENTIALS -> "AWS rejected the credentials for " + action + " (" + code + "): run"
                    + " aws sso login, or check AWS_PROFILE and the clock";
            case THROTTLED -> "AWS kept throttling " + action + " after the SDK's retries (" + code
                    + "): wait a minute and try again";
            case NOT_FOUND, BAD_REQUEST -> action + " on " + target + " was refused (" + code + "): "
                    + failure.serviceMessage();
            case DECRYPTION_FAILED, SERVICE_ERROR -> action + " on " + target + " failed (" + code + ", HTTP "
                    + failure.httpStatus() + ")";
            case TIMED_OUT, NO_ANSWER -> where + " did not answer " + action + " in time: check the network"
                    + " path to AWS (VPN, proxy, VPC endpoint)";
            case UNKNOWN_HOST -> "cannot resolve the host of " + where + " for " + action
                    + ": check the network, the region and AWS_ENDPOINT_URL";
            case CONNECTION_REFUSED -> "cannot connect to " + where + " for " + action
                    + ": check the network, a proxy or VPN, and AWS_ENDPOINT_URL";
            case NO_CREDENTIALS -> "no AWS credentials found for " + action + ": on a laptop set"
                    + " AWS_PROFILE or run aws sso login; in CodeBuild the project's service role provides them";
            case CLIENT_ERROR -> action + " to " + where + " failed: "
                    + failure.exception().getClass().getSimpleName() + ": "
                    + failure.exception().getMessage();
        };
    }
}
