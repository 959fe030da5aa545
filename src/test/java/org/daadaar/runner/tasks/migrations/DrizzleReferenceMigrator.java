package org.daadaar.runner.tasks.migrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.TestDatabase;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * drizzle-orm's migrator re-created step by step, independently of the runner's classes, so the
 * tests' "drizzle applied these" is what drizzle itself would leave: src/migrator.ts
 * (readMigrationFiles: journal entries in order, file text with \r\n made \n, split on
 * "--> statement-breakpoint", hash = sha256 hex of that text) and pg-core/dialect.ts migrate
 * (CREATE SCHEMA IF NOT EXISTS, CREATE TABLE IF NOT EXISTS (id SERIAL PRIMARY KEY, hash text NOT
 * NULL, created_at bigint), the newest row by created_at, then in ONE transaction every entry
 * whose when is newer: its statements, then insert (hash, created_at = when)).
 */
final class DrizzleReferenceMigrator {
    private DrizzleReferenceMigrator() {}

    /** Migrates as drizzle would with a journal of only the first {@code entries} entries. */
    static void migrate(DatabaseUrl url, Path folder, int entries) throws Exception {
        JsonNode journal = JsonNodeParser.create()
                .parse(Files.readString(folder.resolve("meta/_journal.json"), StandardCharsets.UTF_8));
        try (Connection c = TestDatabase.connect(url);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS \"drizzle\"");
            st.execute(
                    "CREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\" (\n"
                            + "\t\t\t\tid SERIAL PRIMARY KEY,\n\t\t\t\thash text NOT NULL,\n\t\t\t\tcreated_at bigint\n\t\t\t)");
            Long last = null;
            try (ResultSet rs = st.executeQuery("select id, hash, created_at from \"drizzle\".\"__drizzle_migrations\""
                    + " order by created_at desc limit 1")) {
                if (rs.next()) {
                    last = Long.valueOf(rs.getString(3));
                }
            }
            c.setAutoCommit(false);
            int n = 0;
            for (JsonNode entry : journal.asObject().get("entries").asArray()) {
                if (n++ >= entries) {
                    break;
                }
                long when = Long.parseLong(entry.asObject().get("when").asNumber());
                if (last != null && last >= when) {
                    continue;
                }
                String query = text(folder.resolve(entry.asObject().get("tag").asString() + ".sql"));
                for (String statement : query.split("--> statement-breakpoint", -1)) {
                    if (!statement.isBlank()) {
                        st.execute(statement);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "insert into \"drizzle\".\"__drizzle_migrations\" (\"hash\", \"created_at\") values(?, ?)")) {
                    insert.setString(1, hash(query));
                    insert.setLong(2, when);
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
    }

    static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    static String hash(String query) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)));
    }

    /** The application schema as the catalog describes it, one sorted line per fact; Flyway's table left out. */
    static final String CATALOG =
            """
            select line from (
              select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' '
                     || is_nullable || ' ' || coalesce(column_default, '') || ' ' || coalesce(character_maximum_length::text, '') as line
              from information_schema.columns
              where table_schema = 'public' and table_name not in ('flyway_schema_history', 'runner_audit')
              union all
              select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
              from pg_constraint
              where connamespace = 'public'::regnamespace
                and conrelid::regclass::text not in ('flyway_schema_history', 'runner_audit')
              union all
              select 'index ' || indexname || ' ' || indexdef from pg_indexes
              where schemaname = 'public' and tablename not in ('flyway_schema_history', 'runner_audit')
              union all
              select 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder)
              from pg_type t join pg_enum e on e.enumtypid = t.oid
              where t.typnamespace = 'public'::regnamespace group by t.typname
              union all
              select 'rows users ' || count(*) from users
            ) facts order by line
            """;
}
