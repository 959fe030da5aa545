package org.daadaar.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.FakeSecretsManager.error;
import static org.daadaar.runner.support.FakeSecretsManager.secretString;

import org.daadaar.runner.ExitCode;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakeSecretsManager;
import org.daadaar.runner.support.SecretValues;
import org.daadaar.runner.support.SecureServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secret rotated between the build's start and its login: the database answers 28P01 to the
 * old password, and the runner reads the secret once more and retries once.
 */
class PasswordRotationTest {
    private static final String SECRET = "prod/db-runner/database";
    private static final String PASSWORD_SECRET = "prod/db-runner/password";
    private static final String OLD = "before-rotation-Vb3";
    private static final String NEW = "after-rotation-Jm8";

    private static FakeSecretsManager secrets;

    @BeforeAll
    static void start() {
        secrets = FakeSecretsManager.start();
    }

    @AfterEach
    void noRequestEverCarriedAPassword() {
        assertThat(secrets.requests())
                .as("requests carry secret ids only")
                .noneMatch(r -> r.contains(OLD) || r.contains(NEW) || r.contains(SecretValues.encode(OLD)));
        secrets.reset();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    private static CliRun run(String... args) {
        return CliRun.run(secrets.env(), args);
    }

    @Test
    void a_url_secret_rotated_since_the_first_read_is_read_again_and_the_login_retried() {
        DatabaseUrl app = SecureServer.shared().role("rotated_url", NEW);
        secrets.answer(
                SECRET, secretString(SecretValues.libpqUrl(app, OLD)), secretString(SecretValues.libpqUrl(app, NEW)));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("user rotated_url");
        assertThat(run.err()).contains("reading the secret again");
        assertThat(secrets.reads(SECRET)).isEqualTo(2);
        assertThat(run.all()).doesNotContain(OLD, NEW);
    }

    @Test
    void an_rds_secret_rotated_since_the_first_read_is_read_again_and_the_login_retried() {
        DatabaseUrl app = SecureServer.shared().role("rotated_rds", NEW);
        secrets.answer(
                SECRET,
                secretString(SecretValues.rdsJson(app, OLD, app.port())),
                secretString(SecretValues.rdsJson(app, NEW, app.port())));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(secrets.reads(SECRET)).isEqualTo(2);
    }

    @Test
    void a_rotated_password_secret_is_read_again_and_the_login_retried() {
        DatabaseUrl app = SecureServer.shared().role("rotated_password", NEW);
        secrets.answer(PASSWORD_SECRET, secretString(OLD), secretString(NEW));

        CliRun run = run(
                "--database-url",
                SecretValues.libpqUrl(app, "in-the-url-Qz1"),
                "--password-secret-id",
                PASSWORD_SECRET,
                "ping");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(secrets.reads(PASSWORD_SECRET)).isEqualTo(2);
    }

    @Test
    void a_password_still_rejected_after_the_second_read_fails_once_with_the_rotation_hint() {
        DatabaseUrl app = SecureServer.shared().role("never_matches", NEW);
        secrets.answer(SECRET, secretString(SecretValues.libpqUrl(app, OLD)));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("refused the login of user 'never_matches'", "28P01", "rotated");
        assertThat(secrets.reads(SECRET)).as("one read, then exactly one more").isEqualTo(2);
        assertThat(run.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
    }

    @Test
    void a_second_read_that_fails_reports_the_secrets_manager_failure() {
        DatabaseUrl app = SecureServer.shared().role("second_read_denied", NEW);
        secrets.answer(SECRET, secretString(SecretValues.libpqUrl(app, OLD)), error("AccessDeniedException", "denied"));

        CliRun run = run("--database-secret-id", SECRET, "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("AccessDeniedException", "IAM policy");
        assertThat(secrets.reads(SECRET)).isEqualTo(2);
    }

    @Test
    void a_wrong_password_in_a_given_url_is_not_retried() {
        DatabaseUrl app = SecureServer.shared().role("given_url", NEW);

        CliRun run = run("--database-url", SecretValues.libpqUrl(app, OLD), "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("refused the login").doesNotContain("reading the secret again");
        assertThat(secrets.requests()).isEmpty();
    }
}
