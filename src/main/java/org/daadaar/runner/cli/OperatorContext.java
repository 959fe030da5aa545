package org.daadaar.runner.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.daadaar.runner.codebuild.FollowOutput;
import org.daadaar.runner.output.OneLine;
import org.daadaar.runner.output.Redactor;

/**
 * What an {@link OperatorCommand} gets from the root command: the environment, the writers, and
 * the global --region.
 */
record OperatorContext(
        Map<String, String> env, PrintWriter out, PrintWriter err, Redactor redactor, String globalRegion)
        implements FollowOutput {

    /**
     * The secrets an operator command reads are the AWS credentials that AwsClients takes from the
     * environment; registered so that no line, relayed or not, can show them.
     */
    OperatorContext {
        redactor.register(env.get("AWS_SECRET_ACCESS_KEY"));
        redactor.register(env.get("AWS_SESSION_TOKEN"));
    }

    /** The command's own --region, else the global one; null leaves it to AWS_REGION and the SDK. */
    String region(String own) {
        return own != null && !own.isBlank() ? own : globalRegion;
    }

    /**
     * The report on stdout, masked like every other. Not folded to one line: iam-policy prints a
     * pretty JSON document through here, and the values in the others' lines are AWS's own or
     * checked before they get here (drizzle tags are plain file names).
     */
    @Override
    public void line(String text) {
        out.println(redactor.mask(text));
        out.flush();
    }

    /** A line of a build's log or phases on stdout, masked as a relayed line: see {@link Redactor#maskRelayed}. */
    @Override
    public void relayed(String text) {
        out.println(redactor.maskRelayed(text));
        out.flush();
    }

    /** A line for the person at the terminal on stderr: a hint, not the report. */
    @Override
    public void note(String text) {
        err.println(OneLine.masked(redactor, text));
        err.flush();
    }
}
