package org.daadaar.runner.iamauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An RDS IAM token taken apart: {@code host:port/?Action=connect&DBUser=...&X-Amz-...}, a SigV4
 * presigned GET for the service rds-db
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). {@link
 * #signatureMatches} signs it again here, independently of the SDK, so that a test knows the
 * token is one RDS would accept from these credentials, not only that it has the right shape.
 */
record SignedToken(String endpoint, Map<String, String> rawParameters) {
    private static final String EMPTY_PAYLOAD_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static SignedToken parse(String token) {
        int query = token.indexOf("/?");
        if (query < 0) {
            throw new IllegalArgumentException("not host:port/?query: " + token.length() + " characters");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : token.substring(query + 2).split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new SignedToken(token.substring(0, query), parameters);
    }

    /** A parameter's value, percent-decoded. */
    String parameter(String name) {
        String raw = rawParameters.get(name);
        return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    String signature() {
        return parameter("X-Amz-Signature");
    }

    boolean signatureMatches(String secretAccessKey) throws Exception {
        String[] scope = parameter("X-Amz-Credential").split("/"); // key id, date, region, service, aws4_request
        String canonicalQuery = new TreeMap<>(rawParameters)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("X-Amz-Signature"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
        String canonicalRequest =
                String.join("\n", "GET", "/", canonicalQuery, "host:" + endpoint, "", "host", EMPTY_PAYLOAD_SHA256);
        String stringToSign = String.join(
                "\n",
                "AWS4-HMAC-SHA256",
                parameter("X-Amz-Date"),
                scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4],
                hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, scope[4]);
        return hex(hmac(key, stringToSign)).equals(signature());
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
