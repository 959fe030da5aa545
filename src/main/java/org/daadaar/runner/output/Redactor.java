package org.daadaar.runner.output;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence between a secret and any output. Every secret value the runner learns
 * is registered here, and every line it writes passes through one of two masks:
 *
 * <ul>
 *   <li>{@link #mask}, for the runner's own lines (reports, logs, errors): broad on purpose,
 *       since the first line of defence is that secrets are never put into those lines at all, and
 *       a password that slipped through anyway may be malformed in any way.
 *   <li>{@link #maskRelayed}, for lines the runner only passes on, such as a build's log that
 *       {@code codebuild logs} follows: those are someone else's lines (URLs, e-mail addresses,
 *       JSON), which the broad mask would mangle. It masks the registered secrets, the password
 *       of a URL's userinfo and the value of a {@code password=} parameter, each within its own
 *       token, and leaves a JSON line valid JSON.
 * </ul>
 */
public final class Redactor {
    public static final String MASK = "****";

    // For URLs that were never parsed, such as an argument picocli echoes back. A password pasted
    // unencoded may hold '@', '&', quotes or spaces, so the mask runs to the line's last '@', and
    // from "password=" to the end of the line: masking too much beats printing the password's tail.
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/?#@\\s]*:).*@");
    private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)(password=).*");

    // RFC 3986: the userinfo is what precedes the last '@' of the authority, which ends at the first
    // '/', '?' or '#'; a URL token also ends at whitespace, a quote or an angle bracket. So
    // "https://host:443/v2/x from build@example.com" holds no userinfo, and "u:Secr3t@Tail@host"
    // masks both parts of the unencoded password.
    private static final Pattern RELAYED_URL_PASSWORD =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#@:\"'<>]*:)[^\\s/?#\"'<>]*@");
    // The value of password= (a JDBC URL's parameter, PGPASSWORD=...) up to the next separator.
    private static final Pattern RELAYED_PARAM_PASSWORD = Pattern.compile("(?i)(password=)[^\\s&;,\"'<>]+");
    // A JSON string literal, escapes included.
    private static final Pattern JSON_STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

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
        String masked = maskSecrets(text);
        masked = URL_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "@");
        return PARAM_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * Masks a line that the runner relays from elsewhere. A line that looks like a JSON object is
     * masked string by string, each string decoded first and written back only when it changed, so
     * that the line stays valid JSON; everything else is masked as plain text.
     */
    public String maskRelayed(String line) {
        if (line == null) {
            return null;
        }
        String trimmed = line.strip();
        if (!(trimmed.startsWith("{") && trimmed.endsWith("}"))) {
            return maskRelayedText(line);
        }
        StringBuilder out = new StringBuilder(line.length());
        Matcher string = JSON_STRING.matcher(line);
        int end = 0;
        while (string.find()) {
            // Between the strings of real JSON are only braces, numbers and literals, which no mask
            // touches, but the line may only look like JSON. A registered all-digit password there
            // is masked even though the line then stops being JSON: no secret beats valid JSON.
            out.append(maskRelayedText(line.substring(end, string.start())));
            String literal = string.group();
            String value = JsonStrings.decode(literal);
            String masked = maskRelayedText(value);
            out.append(masked.equals(value) ? literal : Json.write(masked));
            end = string.end();
        }
        out.append(maskRelayedText(line.substring(end)));
        return out.toString();
    }

    private String maskRelayedText(String text) {
        String masked = maskSecrets(text);
        masked = RELAYED_URL_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "@");
        return RELAYED_PARAM_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
    }

    private String maskSecrets(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
