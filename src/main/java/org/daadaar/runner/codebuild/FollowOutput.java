package org.daadaar.runner.codebuild;

/** Where following a build writes: the report, the build's own relayed lines, notes for the operator. */
public interface FollowOutput {
    /** A line of the report on stdout. */
    void line(String text);

    /** A line of the build's log or phases, masked as a relayed line. */
    void relayed(String text);

    /** A hint for the person at the terminal, on stderr. */
    void note(String text);
}
