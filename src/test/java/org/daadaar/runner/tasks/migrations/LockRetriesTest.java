package org.daadaar.runner.tasks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The waits between retries: doubling, capped, jittered within the upper half, reproducible from a seed. */
class LockRetriesTest {
    @Test
    void each_wait_lies_in_the_upper_half_of_a_doubling_ceiling_that_stops_at_the_cap() {
        LockRetries retries =
                new LockRetries(10, Duration.ofMillis(100), Duration.ofMillis(1_000), new SplittableRandom(7));

        long[] ceilings = {100, 200, 400, 800, 1_000, 1_000, 1_000};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            assertThat(retries.delay(retry).toMillis())
                    .as("retry %d", retry)
                    .isBetween(ceilings[retry - 1] / 2, ceilings[retry - 1]);
        }
        assertThat(retries.delay(10_000).toMillis())
                .as("a large retry number neither overflows nor passes the cap")
                .isBetween(500L, 1_000L);
    }

    @Test
    void the_same_seed_gives_the_same_waits_and_the_waits_vary() {
        long[] first = waits(new SplittableRandom(42));
        long[] second = waits(new SplittableRandom(42));

        assertThat(first).containsExactly(second);
        assertThat(first).as("jittered, not a fixed schedule").doesNotContain(1_000L, 2_000L, 4_000L);
    }

    @Test
    void the_default_cap_is_30s_unless_the_first_wait_is_longer() {
        assertThat(LockRetries.of(3, Duration.ofSeconds(1)).cap()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LockRetries.of(3, Duration.ofSeconds(45)).cap()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void out_of_range_values_are_refused() {
        assertThatThrownBy(() -> LockRetries.of(-1, Duration.ofSeconds(1))).hasMessageContaining("between 0 and 10");
        assertThatThrownBy(() -> LockRetries.of(11, Duration.ofSeconds(1))).hasMessageContaining("(was 11)");
        assertThatThrownBy(() -> LockRetries.of(3, Duration.ZERO)).hasMessageContaining("0 < base");
        assertThatThrownBy(() -> LockRetries.none().delay(0)).hasMessageContaining("from 1");
    }

    private static long[] waits(SplittableRandom random) {
        LockRetries retries = new LockRetries(3, Duration.ofSeconds(1), Duration.ofSeconds(30), random);
        return new long[] {
            retries.delay(1).toMillis(),
            retries.delay(2).toMillis(),
            retries.delay(3).toMillis()
        };
    }
}
