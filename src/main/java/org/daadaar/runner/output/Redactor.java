package org.daadaar.runner.output;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * The last line of defence between a secret and any output. Every secret value the runner learns
 * is registered here, and every line it writes, report or log, passes through {@link #mask}. The
 * first line of defence is that secrets are never put into messages in the first place.
 */
public final class Redactor {
    public static final String MASK = "****";

    // For URLs that were never parsed, such as an argument picocli echoes back. A password pasted
    // unencoded may hold '@', '&', quotes or spaces, so the mask runs to the line's last '@', and
    // from "password=" to the end of the line: masking too much beats printing the password's tail.
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/?#@\\s]*:).*@");
    private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)(password=).*");

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    public void register(String secret) {
        if (secret == null || secret.length() < 3) {
            return; // too short to mask without mangling ordinary words; never a real credential
        }
        secrets.add(secret);
        secrets.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        secrets.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        masked = URL_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "@");
        return PARAM_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
    }
}
