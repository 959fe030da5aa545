package org.daadaar.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.FakeSecretsManager.error;

import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakeSecretsManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Secrets Manager errors that the shared AWS mapping decides, each worded for a secret read. */
class SecretsManagerErrorsTest {
    private static FakeSecretsManager secrets;

    @BeforeAll
    static void start() {
        secrets = FakeSecretsManager.start();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    /** The type of error, its exit code, and the line, where %s is the secret's id (one per case). */
    static Stream<Arguments> errors() {
        return Stream.of(
                // A secret id that Secrets Manager calls invalid is a malformed id: bad input, not the network.
                Arguments.of(
                        "InvalidParameterException",
                        ExitCode.BAD_INPUT,
                        "Secrets Manager refused to return secret '%s' (InvalidParameterException, HTTP 400)"),
                Arguments.of(
                        "DecryptionFailure",
                        ExitCode.ENVIRONMENT,
                        "secret '%s' could not be decrypted: the build role needs kms:Decrypt on the secret's KMS key"),
                Arguments.of(
                        "InternalServiceError",
                        ExitCode.ENVIRONMENT,
                        "Secrets Manager refused to return secret '%s' (InternalServiceError, HTTP 400)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void each_error_gets_its_exit_code_and_one_line(String type, int exitCode, String line) {
        String secret = "prod/db-runner/" + type;
        secrets.answer(secret, error(type, "said by the service"));

        CliRun run = CliRun.run(secrets.env(), "--database-secret-id", secret, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.err().strip()).isEqualTo("error: " + line.formatted(secret));
    }
}
