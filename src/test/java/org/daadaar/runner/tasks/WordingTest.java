package org.daadaar.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordingTest {
    @Test
    void counts_one_in_the_singular_and_any_other_number_in_the_plural() {
        assertThat(Wording.count(1, "migration")).isEqualTo("1 migration");
        assertThat(Wording.count(2, "migration")).isEqualTo("2 migrations");
        assertThat(Wording.count(0, "migration")).isEqualTo("0 migrations");
        assertThat(Wording.count(3, "applied migration matches", "applied migrations match"))
                .isEqualTo("3 applied migrations match");
    }

    @Test
    void a_dry_run_says_so_in_the_prefix_and_says_would_before_the_verb() {
        assertThat(Wording.prefix("seed", false) + Wording.did(false, "inserted", "insert"))
                .isEqualTo("seed: inserted");
        assertThat(Wording.prefix("seed", true) + Wording.did(true, "inserted", "insert"))
                .isEqualTo("seed (dry run): would insert");
    }
}
