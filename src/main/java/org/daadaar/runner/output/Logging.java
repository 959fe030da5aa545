package org.daadaar.runner.output;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Points every logger (ours, Flyway's, Hikari's, the AWS SDK's, and pgjdbc's java.util.logging
 * through {@link JulBridge}) at one writer for this run. The
 * logging framework is global by nature; it is reconfigured at the start of each command-line
 * execution, so a test that runs the CLI with its own writer sees exactly that run's log lines.
 */
public final class Logging {
    /** Libraries that would otherwise log connection details or chatter at INFO. */
    private static final Map<String, Level> QUIET = Map.ofEntries(
            Map.entry("software.amazon.awssdk", Level.WARN),
            Map.entry("org.postgresql", Level.WARN),
            Map.entry("com.zaxxer.hikari", Level.WARN),
            Map.entry("org.testcontainers", Level.WARN),
            // Its search for a Docker engine logs an ERROR when there is none; we fall back quietly.
            Map.entry("org.testcontainers.dockerclient", Level.OFF),
            Map.entry("org.testcontainers.DockerClientFactory", Level.OFF),
            Map.entry("tc", Level.WARN),
            Map.entry("com.github.dockerjava", Level.WARN),
            Map.entry("io.zonky", Level.WARN),
            // Flyway: keep one line per migration and the validate/up-to-date lines; drop the
            // per-command "Environment: default" and "Database: <masked url>" (we log the target
            // once) and a line for each of our own callbacks.
            Map.entry("org.flywaydb", Level.INFO),
            Map.entry("org.flywaydb.core.FlywayExecutor", Level.WARN),
            Map.entry("org.flywaydb.core.internal.callback.DefaultCallbackExecutor", Level.WARN));

    private Logging() {}

    public static void configure(PrintWriter err, OutputFormat format, boolean verbose, Redactor redactor) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        WriterAppender appender = new WriterAppender(err, format, verbose, redactor);
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger("org.daadaar").setLevel(verbose ? Level.DEBUG : Level.INFO);
        JulBridge.install();
        // A library thread that dies would otherwise print its stack trace raw to System.err.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                LoggerFactory.getLogger("db-runner").error("thread " + thread.getName() + " stopped: " + e, e));
    }
}
