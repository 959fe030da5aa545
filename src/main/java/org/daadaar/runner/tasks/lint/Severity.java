package org.daadaar.runner.tasks.lint;

/** How a finding counts: errors stop migrate (--lint fail) and make lint exit 4; the rest are shown. */
enum Severity {
    ERROR("error"),
    WARNING("warning"),
    /** Silenced by an allow comment with a reason, or by --allow-destructive. */
    ALLOWED("allowed"),
    NOT_CHECKED("not-checked");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }
}
