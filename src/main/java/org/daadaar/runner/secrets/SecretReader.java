package org.daadaar.runner.secrets;

/**
 * Reads one secret's string value. An interface so that the AWS SDK is loaded only when a
 * secret is actually read.
 */
public interface SecretReader extends AutoCloseable {
    String read(String secretId);

    @Override
    void close();
}
