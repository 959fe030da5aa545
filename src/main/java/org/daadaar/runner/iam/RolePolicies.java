package org.daadaar.runner.iam;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsCalls;
import org.daadaar.runner.aws.AwsClients;
import org.daadaar.runner.aws.AwsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;

/** A role's inline policy: read it, and put a new one. */
public final class RolePolicies implements AutoCloseable {
    private static final AwsClients.Timeouts TIMEOUTS =
            new AwsClients.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));

    private final IamClient iam;
    private final AwsCalls calls;

    private RolePolicies(IamClient iam) {
        this.iam = iam;
        this.calls = new AwsCalls(AwsClients.where(iam, "IAM"));
    }

    /**
     * IAM is global, one endpoint per partition, and requests are signed for the partition's IAM
     * region: us-east-1 in aws, cn-north-1 in aws-cn. Not Region.AWS_GLOBAL: the SDK's endpoint
     * rules turn that into us-east-1 only for the default endpoint, and with an endpoint override
     * (AWS_ENDPOINT_URL_IAM, a VPC endpoint or a proxy) it would sign for "aws-global", which IAM
     * rejects. The environment's AWS_REGION has no say here.
     *
     * @param partition aws or aws-cn, as the image URI tells
     */
    public static RolePolicies connect(Map<String, String> env, String partition) {
        String signingRegion = "aws-cn".equals(partition) ? "cn-north-1" : "us-east-1";
        return new RolePolicies(
                AwsClients.build(IamClient.builder(), "IAM", "AWS_ENDPOINT_URL_IAM", signingRegion, env, TIMEOUTS));
    }

    /** The document of the role's inline policy by that name, or empty when the role has none. */
    public Optional<String> current(String role, String policyName) {
        try {
            String encoded = calls.call(
                            "iam:GetRolePolicy",
                            "role " + role,
                            () -> iam.getRolePolicy(r -> r.roleName(role).policyName(policyName)))
                    .policyDocument();
            // IAM returns the document URL-encoded (RFC 3986), unlike the one it accepts.
            return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        } catch (RunnerException e) {
            if (e.getCause() instanceof AwsServiceException aws
                    && "NoSuchEntity".equals(AwsFailures.errorCode(aws))
                    && String.valueOf(aws.awsErrorDetails().errorMessage()).contains("role policy")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void put(String role, String policyName, String document) {
        calls.call(
                "iam:PutRolePolicy",
                "role " + role,
                () -> iam.putRolePolicy(
                        r -> r.roleName(role).policyName(policyName).policyDocument(document)));
    }

    @Override
    public void close() {
        iam.close();
    }
}
