package org.daadaar.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.RunnerException;
import org.daadaar.runner.config.ConnectionSettings;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.config.SslMode;
import org.daadaar.runner.config.SslPolicy;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Sql;
import org.daadaar.runner.support.TestDatabase;
import org.daadaar.runner.tasks.cleanup.CleanupTestUsersTask;
import org.daadaar.runner.tasks.cleanup.EmailPatterns;
import org.junit.jupiter.api.Test;

/** Running out of connections mid-task is the environment failing (exit 3), not the task (exit 1). */
class ConnectionsRunOutTest {
    private static final Sql db = Sql.freshWithSchema(ConnectionsRunOutTest.class);

    @Test
    void the_servers_connection_limit_reached_mid_task_is_exit_3_with_the_limit_named() {
        db.exec(
                "create role limited_runner login connection limit 1",
                "grant all on all tables in schema public to limited_runner",
                "grant all on all sequences in schema public to limited_runner",
                "grant usage on schema db_runner to limited_runner",
                "grant select on db_runner.flyway_schema_history to limited_runner",
                "grant insert on db_runner.audit to limited_runner",
                "insert into users (email) values ('someone@example.com')");
        DatabaseUrl limited = new DatabaseUrl(
                db.url().host(), db.url().port(), db.url().database(), "limited_runner", null, Map.of());

        // The first connection holds the task's advisory lock; the task's own is the one refused.
        CliRun run = CliRun.run(
                "--database-url", TestDatabase.cliUrl(limited), "--connect-timeout", "1", "cleanup-test-users");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err())
                .contains("SQLSTATE 53300", "CONNECTION LIMIT", "nothing was changed, and a rerun is safe");
        assertThat(db.count("select count(*) from users")).isEqualTo(1);
    }

    @Test
    void a_pool_that_times_out_mid_task_is_exit_3_with_what_stays_done() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url().jdbcUrl());
        config.setUsername(db.url().user());
        config.setPassword(db.url().password());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        Exception timeout;
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection onlyOne = pool.getConnection()) {
            timeout = (Exception) catchThrowable(pool::getConnection);
        }
        assertThat(timeout).hasMessageContaining("Connection is not available, request timed out");

        RunnerException failure = TaskFailures.classify(
                CleanupTestUsersTask.of(EmailPatterns.reserved(), null, 10, 10), timeout, settings());

        assertThat(failure.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(failure.getMessage())
                .startsWith("cleanup-test-users: no database connection was free or could be opened")
                .contains("request timed out", "a rerun is safe");
    }

    private static ConnectionSettings settings() {
        return new ConnectionSettings(
                db.url(),
                new SslPolicy.Tls(SslMode.PREFER, null),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofMinutes(30),
                "db-runner-test");
    }
}
