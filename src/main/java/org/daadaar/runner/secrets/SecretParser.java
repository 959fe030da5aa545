package org.daadaar.runner.secrets;

import java.util.Map;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.DatabaseUrlException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Understands the two shapes a database secret takes: a URL, or the JSON that RDS writes
 * ({"username","password","host","port","dbname"}). A value that is neither is refused without
 * being shown: it may be the password itself.
 */
public final class SecretParser {
    private static final String RDS_SHAPE =
            "an RDS secret needs username, password and host (port and dbname are optional)";
    private static final String PASSWORD_SHAPE =
            "a password secret holds the bare password, or JSON with a \"password\" key";

    private SecretParser() {}

    public static DatabaseUrl databaseUrl(String secretId, String value) {
        return databaseUrl(secretId, value, false);
    }

    /** @param withoutPassword an RDS JSON secret may leave out "password" (for --iam-auth) */
    public static DatabaseUrl databaseUrl(String secretId, String value, boolean withoutPassword) {
        String v = value.strip();
        if (v.startsWith("{")) {
            return fromRdsJson(secretId, json(secretId, v), withoutPassword);
        }
        if (v.startsWith("postgresql://") || v.startsWith("postgres://") || v.startsWith("jdbc:postgresql://")) {
            try {
                return DatabaseUrl.parse(v);
            } catch (DatabaseUrlException e) {
                throw RunnerException.badInput(
                        "secret '" + secretId + "' holds a database URL that is malformed: " + e.getMessage());
            }
        }
        throw RunnerException.badInput("secret '" + secretId + "' holds neither a database URL (postgresql://...)"
                + " nor an RDS JSON secret (its value is not shown)");
    }

    /** A password secret is the bare password, or JSON with a "password" key. */
    public static String password(String secretId, String value) {
        if (value.strip().startsWith("{")) {
            return text(secretId, json(secretId, value.strip()).asObject(), "password", PASSWORD_SHAPE);
        }
        // A secret pasted from a file often ends in a newline that is not part of the password.
        String password = value.replaceFirst("\\r?\\n$", "");
        if (password.isEmpty()) {
            throw RunnerException.badInput("secret '" + secretId + "' is empty; expected a password");
        }
        return password;
    }

    private static DatabaseUrl fromRdsJson(String secretId, JsonNode node, boolean withoutPassword) {
        Map<String, JsonNode> fields = node.asObject();
        String user = text(secretId, fields, "username", RDS_SHAPE);
        JsonNode given = fields.get("password");
        String password = withoutPassword && (given == null || given.isNull())
                ? null
                : text(secretId, fields, "password", RDS_SHAPE);
        String host = text(secretId, fields, "host", RDS_SHAPE);
        int port = port(secretId, fields.get("port"));
        // RDS secrets for a cluster's default database often have no dbname; libpq would then use "postgres".
        JsonNode db = fields.get("dbname");
        String database = db == null || db.isNull() ? "postgres" : db.text();
        return new DatabaseUrl(host, port, database, user, password, Map.of());
    }

    private static JsonNode json(String secretId, String value) {
        JsonNode node;
        try {
            node = JsonNodeParser.create().parse(value);
        } catch (RuntimeException e) {
            // The parser's message may quote the value, so it is dropped.
            throw RunnerException.badInput("secret '" + secretId + "' starts like JSON but does not parse as JSON"
                    + " (its value is not shown)");
        }
        if (!node.isObject()) {
            throw RunnerException.badInput("secret '" + secretId + "' is JSON but not an object");
        }
        return node;
    }

    private static String text(String secretId, Map<String, JsonNode> fields, String key, String shape) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            throw RunnerException.badInput("secret '" + secretId + "' has no \"" + key + "\" key; " + shape);
        }
        if (!value.isString() || value.text().isEmpty()) {
            throw RunnerException.badInput(
                    "secret '" + secretId + "' has a \"" + key + "\" that is not a non-empty string");
        }
        return value.text();
    }

    private static int port(String secretId, JsonNode value) {
        if (value == null || value.isNull()) {
            return DatabaseUrl.DEFAULT_PORT;
        }
        String text = value.isNumber() ? value.asNumber() : value.isString() ? value.text() : "";
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw RunnerException.badInput(
                    "secret '" + secretId + "' has a \"port\" that is not a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }
}
