package org.daadaar.runner.doctor;

/** One check's outcome: PASS, FAIL or SKIP, how long it took, what it saw and what to do. */
public record Check(String name, Outcome outcome, long millis, String detail, String hint) {
    public enum Outcome {
        PASS,
        FAIL,
        SKIP
    }
}
