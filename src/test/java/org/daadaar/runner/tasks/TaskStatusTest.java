package org.daadaar.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TaskStatusTest {
    @Test
    void the_words_are_the_ones_the_audit_table_and_json_output_carry() {
        assertThat(Arrays.stream(TaskStatus.values()).map(TaskStatus::word))
                .as("queries on runner_audit.status and readers of --output json match these words")
                .containsExactly("succeeded", "nothing-to-do", "dry-run", "refused", "failed", "interrupted");
    }
}
