package org.daadaar.runner.config;

/** A database URL that cannot be understood; the message names the part, never a secret. */
public final class DatabaseUrlException extends RuntimeException {
    DatabaseUrlException(String message) {
        super(message);
    }
}
