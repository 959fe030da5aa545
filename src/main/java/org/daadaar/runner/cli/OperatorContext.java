package org.daadaar.runner.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.daadaar.runner.output.Redactor;

/**
 * What an {@link OperatorCommand} gets from the root command: the environment, the writers, and
 * the global --region.
 */
record OperatorContext(
        Map<String, String> env, PrintWriter out, PrintWriter err, Redactor redactor, String globalRegion) {

    /** The command's own --region, else the global one; null leaves it to AWS_REGION and the SDK. */
    String region(String own) {
        return own != null && !own.isBlank() ? own : globalRegion;
    }

    /** A line of the report on stdout, masked like every other. */
    void line(String text) {
        out.println(redactor.mask(text));
        out.flush();
    }

    /** A line for the person at the terminal on stderr: a hint, not the report. */
    void note(String text) {
        err.println(redactor.mask(text));
        err.flush();
    }
}
