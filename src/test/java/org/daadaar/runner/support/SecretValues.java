package org.daadaar.runner.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.output.Json;

/** The values a database secret holds, written as CodeBuild projects and RDS write them. */
public final class SecretValues {
    private SecretValues() {}

    /** {@code postgresql://user:password@host:port/db}, the password percent-encoded. */
    public static String libpqUrl(DatabaseUrl db, String password) {
        String host = db.host().contains(":") ? "[" + db.host() + "]" : db.host();
        return "postgresql://" + db.user() + ":" + encode(password) + "@" + host + ":" + db.port() + "/"
                + db.database();
    }

    /** An RDS secret; {@code port} is an Integer or a String, as both occur. */
    public static String rdsJson(DatabaseUrl db, String password, Object port) {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("engine", "postgres");
        secret.put("username", db.user());
        secret.put("password", password);
        secret.put("host", db.host());
        secret.put("port", port);
        secret.put("dbname", db.database());
        return Json.write(secret);
    }

    /** libpq decodes only %XX, so the space must be %20, not URLEncoder's '+'. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
