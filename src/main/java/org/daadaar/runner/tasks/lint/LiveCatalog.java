package org.daadaar.runner.tasks.lint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the linter asks the live database, on one connection: a table's estimated rows and sizes,
 * a column's type, a function's volatility, whether a cast is binary-coercible, the validated NOT
 * NULL checks. Only the catalog is read; pg_total_relation_size takes ACCESS SHARE on the table
 * for an instant, which lock_timeout bounds like any other wait.
 */
final class LiveCatalog {
    /** @param rows pg_class.reltuples, -1 when the table was never vacuumed or analyzed */
    record Table(String name, long rows, long totalBytes, long heapBytes) {
        /** The heap has pages: rows, or dead rows that still make a scan read them. */
        boolean hasRows() {
            return rows > 0 || heapBytes > 0;
        }
    }

    record Column(long typeOid, int typmod, String type) {}

    private final Connection connection;
    private final Map<String, Optional<Table>> tables = new HashMap<>();
    private final int serverVersion;

    LiveCatalog(Connection connection) throws SQLException {
        this.connection = connection;
        this.serverVersion = Integer.parseInt(one("show server_version_num"));
    }

    /** As server_version_num: 150004 for 15.4. */
    int serverVersion() {
        return serverVersion;
    }

    Optional<Table> table(Ddl.Name name) throws SQLException {
        Optional<Table> known = tables.get(name.sql());
        if (known != null) {
            return known;
        }
        Optional<Table> found = Optional.empty();
        try (PreparedStatement st =
                connection.prepareStatement("select quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
                        + " c.reltuples::bigint, pg_total_relation_size(c.oid), pg_relation_size(c.oid)"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where c.oid = to_regclass(?) and c.relkind in ('r', 'p', 'm')")) {
            st.setString(1, name.sql());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    found = Optional.of(new Table(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        tables.put(name.sql(), found);
        return found;
    }

    /** The table an index belongs to. */
    Optional<Ddl.Name> tableOfIndex(Ddl.Name index) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select indrelid::regclass::text from pg_index where indexrelid = to_regclass(?)")) {
            st.setString(1, index.sql());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Ddl.Name(rs.getString(1), rs.getString(1))) : Optional.empty();
            }
        }
    }

    Optional<Column> column(Ddl.Name table, String column) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("select atttypid::bigint, atttypmod,"
                + " format_type(atttypid, atttypmod) from pg_attribute where attrelid = to_regclass(?)"
                + " and attname = ? and attnum > 0 and not attisdropped")) {
            st.setString(1, table.sql());
            st.setString(2, column);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Column(rs.getLong(1), rs.getInt(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** The type a name such as varchar(20) or "post_status" stands for, without its modifier; empty if none. */
    Optional<Long> typeOid(String type) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("select to_regtype(?)::oid::bigint")) {
            st.setString(1, type);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long oid = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(oid);
            }
        } catch (SQLException e) {
            // A name to_regtype cannot even parse: the rule says it could not tell.
            return Optional.empty();
        }
    }

    /** pg_cast's "binary coercible": the stored bytes stay as they are (varchar to text, cidr to inet). */
    boolean binaryCoercible(long from, long to) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("select exists (select 1 from pg_cast"
                + " where castsource = ? and casttarget = ? and castmethod = 'b')")) {
            st.setLong(1, from);
            st.setLong(2, to);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The most volatile of the functions of that name: 'i' immutable, 's' stable, 'v' volatile
     * (they sort that way); empty when no function has the name (it may come with a pending
     * migration).
     */
    Optional<Character> volatility(String function) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("select max(provolatile) from pg_proc where proname = ?")) {
            st.setString(1, function);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                String v = rs.getString(1);
                return v == null ? Optional.empty() : Optional.of(v.charAt(0));
            }
        }
    }

    /** Whether the table has a validated CHECK (column IS NOT NULL), which lets SET NOT NULL skip its scan. */
    boolean hasValidatedNotNullCheck(Ddl.Name table, String column) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("select pg_get_constraintdef(oid) from pg_constraint"
                + " where conrelid = to_regclass(?) and contype = 'c' and convalidated")) {
            st.setString(1, table.sql());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (isNotNullCheck(rs.getString(1), column)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** pg_get_constraintdef writes it CHECK ((col IS NOT NULL)), quoting the column when it must. */
    static boolean isNotNullCheck(String definition, String column) {
        String bare = definition.replaceAll("[()\\s]", "");
        String quoted = column.matches("[a-z_][a-z0-9_$]*")
                ? column
                : Recogniser.quote(column).replace(" ", "");
        return bare.toLowerCase(Locale.ROOT).equals(("check" + quoted + "isnotnull").toLowerCase(Locale.ROOT))
                && bare.substring(5, 5 + quoted.length()).equals(quoted);
    }

    private String one(String sql) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
