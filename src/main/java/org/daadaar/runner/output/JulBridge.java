package org.daadaar.runner.output;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends java.util.logging records to our loggers, so they are filtered, masked, kept to one line
 * and written in the run's format like every other line. pgjdbc logs through JUL, as do the JDK's
 * own System.Logger users; left alone, JUL's default ConsoleHandler prints them in its two-line
 * format straight to System.err, and a --log-format json stream stops being JSON.
 *
 * <p>One small handler rather than jul-to-slf4j: the same few lines, no extra jar to load on
 * every start. JUL's root level stays at INFO, so the driver's FINE records (built on hot paths
 * when enabled) are never created, and Logback's levels ({@link Logging}) decide what is printed.
 */
final class JulBridge extends Handler {
    // Formatter.formatMessage applies the record's {0} parameters as JUL's own handlers would.
    private final SimpleFormatter messages = new SimpleFormatter();

    private JulBridge() {}

    /**
     * Replaces every JUL handler, including ones a logging.properties or a library added to a
     * logger of its own, with this one on the root logger.
     */
    static void install() {
        LogManager manager = LogManager.getLogManager();
        manager.reset();
        java.util.logging.Logger root = manager.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new JulBridge());
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        Logger logger = LoggerFactory.getLogger(record.getLoggerName() == null ? "jul" : record.getLoggerName());
        int level = record.getLevel().intValue();
        Throwable thrown = record.getThrown();
        if (level >= Level.SEVERE.intValue()) {
            if (logger.isErrorEnabled()) {
                logger.error(messages.formatMessage(record), thrown);
            }
        } else if (level >= Level.WARNING.intValue()) {
            if (logger.isWarnEnabled()) {
                logger.warn(messages.formatMessage(record), thrown);
            }
        } else if (level >= Level.CONFIG.intValue()) {
            if (logger.isInfoEnabled()) {
                logger.info(messages.formatMessage(record), thrown);
            }
        } else if (level >= Level.FINE.intValue()) {
            if (logger.isDebugEnabled()) {
                logger.debug(messages.formatMessage(record), thrown);
            }
        } else if (logger.isTraceEnabled()) {
            logger.trace(messages.formatMessage(record), thrown);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
