package org.daadaar.runner.tasks.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.daadaar.runner.tasks.Wording;

/**
 * Recognises a schema that some other tool created: objects in it, but no Flyway history. Applying
 * V1 there would fail half-way or, worse, succeed on top of tables of another shape.
 */
final class ForeignSchema {
    private static final String SQL =
            """
            with objects as (
                select c.relname as name from pg_class c
                where c.relnamespace = current_schema()::regnamespace
                  and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c')
                union all
                select p.proname from pg_proc p where p.pronamespace = current_schema()::regnamespace
                union all
                select t.typname from pg_type t
                where t.typnamespace = current_schema()::regnamespace and t.typtype in ('e', 'd', 'r', 'm')
            )
            select current_schema(),
                   to_regclass(quote_ident(current_schema()) || '.' || ?) is not null,
                   (select count(*) from objects),
                   (select string_agg(name, ', ') from (select name from objects order by name limit 5) first)
            """;

    private ForeignSchema() {}

    /**
     * The application's schema as a migrate starts, from one query.
     *
     * @param historyExists whether Flyway's history table is there
     * @param refusal the refusal message for a schema another tool made; null when it is empty or
     *     has Flyway's history
     */
    record State(boolean historyExists, String refusal) {}

    static State inspect(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(SQL)) {
            st.setString(1, FlywaySetup.HISTORY_TABLE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                boolean history = rs.getBoolean(2);
                long count = rs.getLong(3);
                if (history || count == 0) {
                    return new State(history, null);
                }
                return new State(
                        false,
                        refusal(
                                "schema " + rs.getString(1),
                                Wording.count(count, "object") + ": " + rs.getString(4) + (count > 5 ? ", ..." : "")));
            }
        }
    }

    /** The refusal message, or null when the schema is empty or already has Flyway's history. */
    static String check(DataSource dataSource) throws SQLException {
        return inspect(dataSource).refusal();
    }

    static String refusal(String schema, String found) {
        return "migrate refused: " + schema + " is not empty (" + FlywayFailures.oneLine(found) + ") but has no "
                + FlywaySetup.HISTORY_TABLE + " table, so another tool created it and Flyway cannot tell which"
                + " migrations it already holds. Check which migration version V the schema matches, then run"
                + " migrate --baseline-version V: it records V as applied without running V or older ones, and"
                + " applies the newer ones. Nothing was changed.";
    }
}
