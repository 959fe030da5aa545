package org.daadaar.runner.tasks;

/**
 * The words every task's report shares, so that all of them read alike: the prefix of a line
 * ("seed: ", "seed (dry run): "), what was done or would be ("deleted", "would delete"), and
 * counted nouns ("1 migration", "2 migrations").
 */
public final class Wording {
    private Wording() {}

    /** "task: ", or "task (dry run): " for a run that changes nothing. */
    public static String prefix(String task, boolean dryRun) {
        return task + (dryRun ? " (dry run)" : "") + ": ";
    }

    /** The past tense of a real run ("deleted"), else "would" and the verb ("would delete"). */
    public static String did(boolean dryRun, String past, String verb) {
        return dryRun ? "would " + verb : past;
    }

    /** "1 migration", "2 migrations", "0 migrations": the noun's plural with an s. */
    public static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    /** For a noun whose plural is not an added s. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
