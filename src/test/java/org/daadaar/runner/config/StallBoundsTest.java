package org.daadaar.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StallBoundsTest {

    @ParameterizedTest(name = "lock {0} ms, statement {1} ms -> idle {2} ms, read {3} s")
    @CsvSource({
        // defaults: 5 s lock_timeout, 30 min statement_timeout
        "5000, 1800000, 5000, 1806",
        "500, 1000, 1000, 3",
        "120000, 60000, 60000, 121",
        "0, 60000, 60000, 121",
        "5000, 1500, 5000, 8"
    })
    void reads_outlast_the_longest_statement_and_the_server_frees_a_silent_transaction_first(
            long lockMs, long statementMs, long idleMs, long readSeconds) {
        StallBounds bounds = StallBounds.of(Duration.ofMillis(lockMs), Duration.ofMillis(statementMs));

        assertThat(bounds.idleInTransaction()).isEqualTo(Duration.ofMillis(idleMs));
        assertThat(bounds.read()).isEqualTo(Duration.ofSeconds(readSeconds));
        assertThat(bounds.read())
                .as("never shorter than a statement that runs to statement_timeout, plus the idle limit")
                .isGreaterThan(Duration.ofMillis(statementMs).plus(bounds.idleInTransaction()));
    }

    @Test
    void no_statement_limit_means_no_read_limit() {
        StallBounds bounds = StallBounds.of(Duration.ofSeconds(5), Duration.ZERO);

        assertThat(bounds.readLimited()).isFalse();
        assertThat(bounds.read()).isZero();
    }

    @Test
    void the_startup_packet_carries_the_server_side_limits_and_the_driver_the_read_limit() {
        ConnectionSettings settings = new ConnectionSettings(
                DatabaseUrl.parse("postgresql://app@127.0.0.1:5432/app?options=-c%20search_path%3Dapp"),
                new SslPolicy.Tls(SslMode.PREFER, null),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofMinutes(30),
                "db-runner/test");

        var p = settings.driverProperties();

        assertThat(p.getProperty("options"))
                .startsWith("-c search_path=app ")
                .contains(
                        "-c idle_in_transaction_session_timeout=5000",
                        "-c tcp_keepalives_idle=30",
                        "-c tcp_keepalives_interval=10",
                        "-c tcp_keepalives_count=3");
        assertThat(p.getProperty("socketTimeout")).isEqualTo("1806");
        assertThat(p.getProperty("tcpKeepAlive")).isEqualTo("true");
    }
}
