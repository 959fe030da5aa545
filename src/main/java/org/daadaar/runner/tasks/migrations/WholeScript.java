package org.daadaar.runner.tasks.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Query;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.SqlCommand;

/**
 * Sends a migration file's text to the server as one simple-protocol Query message, on a
 * connection of the pool, so that PostgreSQL's own parser splits it into statements, exactly as
 * psql -c or drizzle's migrator (one query per breakpoint) leave the splitting to the server.
 *
 * <p>pgjdbc's Statement would split the text itself with its own parser and send the pieces over the
 * extended protocol, unless the whole connection is opened with preferQueryMode=simple
 * (CachedQueryCreateAction: no split only in that mode), which would change how every other
 * statement of the run is sent. pgjdbc's own query executor takes one unsplit query with
 * QUERY_EXECUTE_AS_SIMPLE on any connection; that is the internal (but public, 42.7.14) API used
 * here. It keeps the connection's transaction: pgjdbc sends BEGIN first when autocommit is off.
 */
final class WholeScript {
    private WholeScript() {}

    /** @return the server's notices and warnings, in order */
    static List<SQLWarning> execute(Connection connection, String sql) throws SQLException {
        QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
        // multiStatement: the text may hold several statements; no bind positions: nothing is a parameter.
        Query query = executor.wrap(List.of(new NativeQuery(sql, null, true, SqlCommand.BLANK)));
        int flags = QueryExecutor.QUERY_EXECUTE_AS_SIMPLE
                | QueryExecutor.QUERY_ONESHOT
                | QueryExecutor.QUERY_NO_METADATA
                | QueryExecutor.QUERY_NO_RESULTS;
        if (connection.getAutoCommit()) {
            flags |= QueryExecutor.QUERY_SUPPRESS_BEGIN;
        }
        Results results = new Results();
        try {
            executor.execute(query, null, results, 0, 0, flags);
        } finally {
            query.close();
        }
        return results.warnings;
    }

    /** Rows are discarded (QUERY_NO_RESULTS); the first error is thrown by handleCompletion. */
    private static final class Results extends ResultHandlerBase {
        private final List<SQLWarning> warnings = new ArrayList<>();

        @Override
        public void handleWarning(SQLWarning warning) {
            warnings.add(warning);
        }
    }
}
