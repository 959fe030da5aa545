package org.daadaar.runner.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.schemahistory.SchemaHistory;
import org.flywaydb.core.internal.util.AbbreviationUtils;

/**
 * Flyway's history table written as Flyway writes it, for the two places that make one in the
 * same transaction as their first changes instead of running Flyway: a new database's runner
 * schema (FirstRunnerSchema) and a drizzle folder on an empty database (EmptyDatabaseMigrate).
 * Every later run reads it through Flyway; their tests compare table and rows with Flyway's own.
 */
public final class FlywayHistory {
    private FlywayHistory() {}

    /**
     * One row, as Flyway's SchemaHistory.addAppliedMigration gets it.
     *
     * @param version null for a row without one (the schema-creation marker)
     * @param checksum null for a row without one
     */
    public record Row(
            int rank, String version, String description, String type, String script, Integer checksum, int millis) {}

    /** Flyway's own checksum of a script's text (its CRC32 over the lines; a byte order mark is skipped). */
    public static int checksum(String text) {
        return ChecksumCalculator.calculate(new StringResource(text));
    }

    /** The table's name in a schema, quoted. */
    public static String table(String schema) {
        return schema + "." + quote(FlywayDefaults.HISTORY_TABLE);
    }

    /**
     * The DDL Flyway's PostgreSQLDatabase.getRawCreateScript runs for its history table (no
     * tablespace, no baseline row).
     *
     * @param schema the schema, quoted as an identifier
     */
    public static String createTable(String schema) {
        String table = table(schema);
        return "CREATE TABLE " + table + " (\n"
                + "    \"installed_rank\" INT NOT NULL,\n"
                + "    \"version\" VARCHAR(50),\n"
                + "    \"description\" VARCHAR(200) NOT NULL,\n"
                + "    \"type\" VARCHAR(20) NOT NULL,\n"
                + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                + "    \"checksum\" INTEGER,\n"
                + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                + "    \"execution_time\" INTEGER NOT NULL,\n"
                + "    \"success\" BOOLEAN NOT NULL\n"
                + ");\n"
                + "ALTER TABLE " + table + " ADD CONSTRAINT \"" + FlywayDefaults.HISTORY_TABLE
                + "_pk\" PRIMARY KEY (\"installed_rank\");\n"
                + "CREATE INDEX \"" + FlywayDefaults.HISTORY_TABLE + "_s_idx\" ON " + table + " (\"success\");";
    }

    /**
     * The rows, in one batch, as Flyway inserts them: its abbreviations and its marker for an empty
     * description, installed_by the current user (Flyway's default), installed_on left to the
     * table's default now(), success true.
     *
     * @param schema the schema, quoted as an identifier
     */
    public static void insert(Connection c, String schema, List<Row> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into " + table(schema)
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                + " success) values (?, ?, ?, ?, ?, ?, current_user, ?, true)")) {
            for (Row row : rows) {
                st.setInt(1, row.rank());
                st.setString(2, row.version());
                st.setString(
                        3,
                        AbbreviationUtils.abbreviateDescription(
                                row.description().isEmpty() ? SchemaHistory.NO_DESCRIPTION_MARKER : row.description()));
                st.setString(4, row.type());
                st.setString(5, AbbreviationUtils.abbreviateScript(row.script()));
                st.setObject(6, row.checksum(), java.sql.Types.INTEGER);
                st.setInt(7, row.millis());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** As Flyway quotes a PostgreSQL identifier (PostgreSQLDatabase.doQuote). */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
