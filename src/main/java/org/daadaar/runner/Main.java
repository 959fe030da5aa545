package org.daadaar.runner;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.daadaar.runner.cli.Cli;

/** The only place that exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(Cli.create(out, err, System.getenv()).execute(args));
    }
}
