package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values the database could not take are bad input, refused before any connection: the URL names a
 * closed port, so a run that tried to connect would end with exit 3 instead.
 */
class LimitsBeforeConnectingTest {
    private static final String NOWHERE = "postgresql://app:pw@127.0.0.1:1/app";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--lock-timeout|999999999d|--lock-timeout must be at most 24 days (2147483647ms) (was 999999999d)",
                "--statement-timeout|25d|--statement-timeout must be at most 24 days (2147483647ms) (was 25d)",
                "--lock-wait|2147484s|--lock-wait must be at most 24 days (2147483647ms) (was 2147484s)"
            })
    void a_session_limit_postgresql_cannot_hold_is_exit_2_before_connecting(
            String option, String value, String message) {
        CliRun run = CliRun.run("--database-url", NOWHERE, option, value, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(message).doesNotContain("Connecting");
    }

    @ParameterizedTest
    @CsvSource({"0s,0ms", "999ms,999ms", "301s,301s", "1h,1h"})
    void a_secrets_timeout_outside_a_second_to_five_minutes_is_exit_2_before_connecting(String value, String shown) {
        CliRun run = CliRun.run("--database-url", NOWHERE, "--secrets-timeout", value, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--secrets-timeout must be between 1s and 5m (was " + shown + ")")
                .doesNotContain("Connecting");
    }

    @ParameterizedTest
    @CsvSource({"migrate,999999999d", "doctor,999999999d", "migrate,59s", "doctor,59s"})
    void a_backup_age_outside_a_minute_to_a_century_is_exit_2_before_connecting(String task, String value) {
        CliRun run = CliRun.run("--database-url", NOWHERE, task, "--require-backup-within", value);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--require-backup-within must be between 1m and 36500d (was " + value + ")")
                .doesNotContain("Connecting");
    }

    @ParameterizedTest
    @CsvSource({"999999999d", "36501d", "876025h"})
    void an_older_than_postgresql_cannot_subtract_from_now_is_exit_2_before_connecting(String value) {
        CliRun run = CliRun.run("--database-url", NOWHERE, "cleanup-test-users", "--older-than", value);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--older-than must be at most 36500d (100 years) (was " + value + ")")
                .doesNotContain("Connecting");
    }

    @Test
    void a_century_is_still_a_valid_older_than() {
        CliRun run = CliRun.run("--database-url", NOWHERE, "cleanup-test-users", "--older-than", "36500d");

        assertThat(run.exitCode()).as("gets as far as connecting: %s", run).isEqualTo(ExitCode.ENVIRONMENT);
    }

    @ParameterizedTest
    @CsvSource({"migrate", "info", "validate"})
    void a_missing_classpath_location_is_exit_2_like_a_missing_folder(String task) {
        CliRun run = CliRun.run("--database-url", NOWHERE, task, "--locations", "classpath:db/no-such-migrations");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err())
                .contains("--locations classpath:db/no-such-migrations is not on the class path")
                .doesNotContain("Connecting");
    }

    @Test
    void the_packaged_classpath_location_is_found() {
        CliRun run = CliRun.run("--database-url", NOWHERE, "migrate", "--locations", "classpath:db/migration");

        assertThat(run.exitCode()).as("gets as far as connecting: %s", run).isEqualTo(ExitCode.ENVIRONMENT);
    }
}
