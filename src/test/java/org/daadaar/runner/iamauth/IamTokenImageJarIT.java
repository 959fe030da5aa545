package org.daadaar.runner.iamauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.FakePasswordServer;
import org.daadaar.runner.support.FakePasswordServer.AfterPassword;
import org.daadaar.runner.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's jar (target/runner-image.jar, shaded and partly minimized) signs a token too: the
 * rds module and the SDK's signer are in it, and the credentials come from the process's
 * environment as in a build. Runs after package (failsafe).
 */
class IamTokenImageJarIT {
    private static final String SECRET_KEY = "image-Jar-Secret-Key-8Rt2";

    @Test
    void the_image_jar_sends_a_token_signed_with_the_environments_credentials(@TempDir Path dir) throws Exception {
        TestCertificates authority = TestCertificates.newAuthority("db-runner image IAM CA");
        Path ca = authority.writeCa(dir.resolve("ca.pem"));
        try (FakePasswordServer server =
                FakePasswordServer.rdsLike(authority.serverContext("localhost"), AfterPassword.REFUSE_LIKE_RDS)) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    "target/runner-image.jar",
                    "--iam-auth",
                    "--ssl-mode",
                    "verify-full",
                    "--ssl-root-cert",
                    ca.toString(),
                    "--database-url",
                    "postgresql://app_user@localhost:" + server.port() + "/app",
                    "--connect-timeout",
                    "2",
                    "ping"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("PG"));
            builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDIMAGEJARTEST");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
            builder.environment().put("AWS_REGION", "eu-west-1");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).as(output).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(output).contains("the IAM token login of user 'app_user'", "failed");
            assertThat(server.passwordMessages()).hasSize(1);
            String token = server.passwordMessages().get(0).replace("\0", "");
            SignedToken signed = SignedToken.parse(token);
            assertThat(signed.signatureMatches(SECRET_KEY)).isTrue();
            assertThat(output).doesNotContain(signed.signature(), SECRET_KEY);
        }
    }
}
