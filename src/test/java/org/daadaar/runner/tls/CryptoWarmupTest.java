package org.daadaar.runner.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warm-up only helps if its steps run the JDK's code to the end: one that throws on some JDK
 * (an algorithm renamed, the packaged bundle moved) would silently stop warming that part.
 */
class CryptoWarmupTest {
    @Test
    void every_step_runs_to_the_end_on_this_jdk() {
        assertThat(CryptoWarmup.failedSteps())
                .as("steps that threw, by their index")
                .isEmpty();
    }
}
