package org.daadaar.runner.iamauth;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.aws.AwsEnvironment;

/**
 * The region a token is signed for. RDS checks the signature against the region of the database,
 * so the endpoint's own name decides ({@code db.abc123.eu-west-1.rds.amazonaws.com}, also a
 * cluster's, a proxy's and China's {@code .amazonaws.com.cn}); --region and AWS_REGION only for a
 * host that names none (a CNAME, a tunnel), since a secret may well live in another region.
 */
public final class IamRegion {
    private static final Pattern RDS_ENDPOINT =
            Pattern.compile("(?i)^[^.]+\\.[^.]+\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.rds\\.amazonaws\\.com(?:\\.cn)?\\.?$");

    private IamRegion() {}

    /** The region an RDS endpoint's name holds, if it is one. */
    public static Optional<String> ofEndpoint(String host) {
        Matcher m = RDS_ENDPOINT.matcher(host);
        return m.matches() ? Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }

    /** @throws RunnerException bad input (exit 2) when neither the host nor the settings name a region */
    public static String of(String host, String flag, Map<String, String> env) {
        return ofEndpoint(host)
                .or(() -> Optional.ofNullable(AwsEnvironment.region(flag, env)))
                .orElseThrow(() -> RunnerException.badInput("--iam-auth needs the database's AWS region to sign"
                        + " its login token: " + host + " is not an RDS endpoint name (*.REGION.rds.amazonaws.com),"
                        + " so set --region or AWS_REGION"));
    }
}
