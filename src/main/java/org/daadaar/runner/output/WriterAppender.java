package org.daadaar.runner.output;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes log events as lines for people or as JSON lines for CloudWatch Logs Insights (fields
 * time, level, logger, message, error: {@link JsonLogLine}), each masked by the {@link Redactor}. A message is always
 * one line ({@link OneLine}); only a --verbose stack trace spans lines, and in JSON it is one field.
 */
final class WriterAppender extends AppenderBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final OutputFormat format;
    private final boolean verbose;
    private final Redactor redactor;

    WriterAppender(PrintWriter out, OutputFormat format, boolean verbose, Redactor redactor) {
        this.out = out;
        this.format = format;
        this.verbose = verbose;
        this.redactor = redactor;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = OneLine.masked(redactor, event.getFormattedMessage());
        String error = error(event.getThrowableProxy());
        String line;
        if (format == OutputFormat.JSON) {
            line = JsonLogLine.write(
                    Instant.ofEpochMilli(event.getTimeStamp()),
                    event.getLevel().toString(),
                    event.getLoggerName(),
                    message,
                    null,
                    error);
        } else {
            line = TIME.format(Instant.ofEpochMilli(event.getTimeStamp())) + " "
                    + String.format("%-5s", event.getLevel()) + " " + message
                    + (error == null ? "" : (verbose ? "\n" : ": ") + error);
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private String error(IThrowableProxy proxy) {
        if (proxy == null) {
            return null;
        }
        if (verbose) {
            return redactor.mask(ThrowableProxyUtil.asString(proxy));
        }
        return OneLine.masked(redactor, proxy.getClassName() + ": " + proxy.getMessage());
    }
}
