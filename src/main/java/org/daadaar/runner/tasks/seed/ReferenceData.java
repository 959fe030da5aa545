package org.daadaar.runner.tasks.seed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.daadaar.runner.db.SqlScript;

/**
 * The reference data in db/seed: each statement run in the caller's transaction, its row count
 * added to the table it inserts into. The scripts are written to be idempotent (see their header),
 * so a second run counts zero everywhere.
 */
final class ReferenceData {
    static final String FOLDER = "db/seed";
    private static final Pattern TARGET = Pattern.compile(
            "^(insert\\s+into|update|delete\\s+from)\\s+(?:only\\s+)?([\\w.\"]+)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final List<SqlScript> scripts;

    private ReferenceData(List<SqlScript> scripts) {
        this.scripts = List.copyOf(scripts);
    }

    static ReferenceData packaged() {
        return new ReferenceData(SqlScript.folder(FOLDER));
    }

    List<String> scriptNames() {
        return scripts.stream().map(SqlScript::name).toList();
    }

    /** Rows changed per table, such as {"organizations": 8, "roles": 16}, in the order first met. */
    Map<String, Long> apply(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (SqlScript script : scripts) {
                for (String sql : script.statements()) {
                    long rows = st.executeLargeUpdate(sql);
                    String key = target(sql);
                    if (key != null) {
                        counts.merge(key, Math.max(rows, 0), Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** "organizations" for an insert, "organizations (updated)" for an update; null for anything else. */
    private static String target(String sql) {
        Matcher m = TARGET.matcher(sql.strip());
        if (!m.find()) {
            return null;
        }
        String verb = m.group(1).toLowerCase(Locale.ROOT);
        String table = m.group(2).replace("\"", "");
        return verb.startsWith("insert") ? table : table + (verb.startsWith("update") ? " (updated)" : " (deleted)");
    }
}
