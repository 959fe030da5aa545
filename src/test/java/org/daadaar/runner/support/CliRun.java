package org.daadaar.runner.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.daadaar.runner.cli.Cli;

/** Runs the real command line, as Main does, with its own environment and captured output. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    /** Everything the run printed, for checks that something appears nowhere. */
    public String all() {
        return out + "\n" + err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
