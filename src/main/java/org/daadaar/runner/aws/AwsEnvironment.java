package org.daadaar.runner.aws;

import java.util.Map;

/**
 * The SDK's rules for where a call goes, read from our environment map: the region from --region,
 * AWS_REGION, AWS_DEFAULT_REGION, and the endpoint from the service's own variable, else
 * AWS_ENDPOINT_URL. Free of SDK classes, so doctor can name an endpoint without loading the SDK.
 */
public final class AwsEnvironment {
    private AwsEnvironment() {}

    /** @return the region, or null to leave it to the SDK's chain (profile, instance metadata) */
    public static String region(String flag, Map<String, String> env) {
        return firstNonBlank(flag, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
    }

    /** @param serviceVariable e.g. AWS_ENDPOINT_URL_SECRETS_MANAGER; @return null when not overridden */
    public static String endpointOverride(String serviceVariable, Map<String, String> env) {
        return firstNonBlank(env.get(serviceVariable), env.get("AWS_ENDPOINT_URL"));
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
