package org.daadaar.runner.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** The one rule of the leak tests: no run of {@code window} characters of a secret in the output. */
public final class Leaks {
    private Leaks() {}

    /** Every run of {@code window} characters in a row of each secret. */
    public static List<String> pieces(int window, String... secrets) {
        List<String> pieces = new ArrayList<>();
        for (String secret : secrets) {
            for (int i = 0; i + window <= secret.length(); i++) {
                pieces.add(secret.substring(i, i + window));
            }
        }
        return pieces;
    }

    public static void assertNoPiece(CliRun run, int window, String... secrets) {
        for (String piece : pieces(window, secrets)) {
            assertThat(run.all())
                    .as("printed a piece of a secret, " + piece + ": " + run)
                    .doesNotContain(piece);
        }
    }
}
