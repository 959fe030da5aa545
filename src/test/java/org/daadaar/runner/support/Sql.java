package org.daadaar.runner.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.db.RunnerSchema;
import org.daadaar.runner.db.SqlScript;
import org.postgresql.ds.PGSimpleDataSource;

/** Plain JDBC for tests: set up rows and read them back, every object closed. */
public final class Sql {
    /** The application's migrations, in version order, read from db/migration itself. */
    public static final List<String> SCHEMA = MigrationFiles.inOrder("db/migration");

    private final DatabaseUrl url;

    private Sql(DatabaseUrl url) {
        this.url = url;
    }

    public static Sql on(DatabaseUrl url) {
        return new Sql(url);
    }

    /**
     * A fresh database with the schema, created by running the migration files themselves: the
     * data tasks' tests need the tables, not Flyway. The runner's own schema is set up as a run
     * sets it up, so a test may clear db_runner.audit before its first run.
     */
    public static Sql freshWithSchema(Class<?> testClass) {
        Sql sql = on(TestDatabase.fresh(testClass));
        SCHEMA.forEach(sql::script);
        RunnerSchema.bringUpToDate(sql.dataSource(), Duration.ofSeconds(10), Duration.ofSeconds(10));
        return sql;
    }

    /** Connections as the tests' own, for code of the runner that takes a DataSource. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url.jdbcUrl());
        url.properties().forEach((name, value) -> {
            try {
                dataSource.setProperty(name, value);
            } catch (SQLException e) {
                throw new IllegalArgumentException("test URL parameter " + name, e);
            }
        });
        dataSource.setUser(url.user());
        dataSource.setPassword(url.password());
        return dataSource;
    }

    public DatabaseUrl url() {
        return url;
    }

    public String cliUrl() {
        return TestDatabase.cliUrl(url);
    }

    public void script(String resource) {
        try (Connection c = TestDatabase.connect(url);
                Statement st = c.createStatement()) {
            for (String statement : SqlScript.resource(resource).statements()) {
                st.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + resource, e);
        }
    }

    public void exec(String... statements) {
        try (Connection c = TestDatabase.connect(url);
                Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public long count(String query) {
        return Long.parseLong(one(query));
    }

    public String one(String query) {
        List<String> rows = column(query);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row from " + query + ", got " + rows);
        }
        return rows.get(0);
    }

    /** The first column of every row, as text. */
    public List<String> column(String query) {
        try (Connection c = TestDatabase.connect(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public CliRun cli(String... taskArgs) {
        return cli(java.util.Map.of(), taskArgs);
    }

    /** The real command line against this database, with the given environment. */
    public CliRun cli(java.util.Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--database-url";
        all[1] = cliUrl();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, all);
    }
}
