package org.daadaar.runner.output;

/** How the report (stdout) or the logs (stderr) are written. */
public enum OutputFormat {
    TEXT,
    JSON
}
