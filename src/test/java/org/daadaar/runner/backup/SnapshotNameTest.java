package org.daadaar.runner.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotNameTest {
    private static final Instant NOW = Instant.parse("2026-12-01T22:45:07Z");

    @Test
    void a_codebuild_build_id_becomes_lower_case_letters_digits_and_single_hyphens() {
        assertThat(SnapshotName.of(Map.of("CODEBUILD_BUILD_ID", "Orders_DB:7E2C1F0A-1b2c"), NOW))
                .isEqualTo("db-runner-orders-db-7e2c1f0a-1b2c");
    }

    @Test
    void without_a_build_id_the_name_is_a_utc_time_stamp() {
        assertThat(SnapshotName.of(Map.of(), NOW)).isEqualTo("db-runner-20261201-224507");
        assertThat(SnapshotName.of(Map.of("CODEBUILD_BUILD_ID", ":::--"), NOW))
                .as("nothing usable left")
                .isEqualTo("db-runner-20261201-224507");
    }

    @Test
    void a_hostile_or_long_build_id_still_gives_a_valid_identifier() {
        String name = SnapshotName.of(Map.of("CODEBUILD_BUILD_ID", "x".repeat(254) + "--\n$(rm -rf /)"), NOW);

        assertThat(name).hasSizeLessThanOrEqualTo(255).matches("[a-z]([a-z0-9]|-(?=[a-z0-9]))*");
    }
}
