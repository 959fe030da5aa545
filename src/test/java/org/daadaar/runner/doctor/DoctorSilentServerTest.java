package org.daadaar.runner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.junit.jupiter.api.Test;

/** A server that accepts TCP and then says nothing is not a login problem, and doctor must not say it is. */
class DoctorSilentServerTest {

    @Test
    void a_server_that_accepts_tcp_and_never_answers_fails_login_with_a_no_answer_hint() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // kept open, never written to
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            CliRun run = CliRun.run(
                    "--database-url",
                    "postgresql://app:S1lentPw99@127.0.0.1:" + silent.getLocalPort() + "/app",
                    "--connect-timeout",
                    "1",
                    "doctor");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.out())
                    .containsSubsequence(
                            "PASS  database-port-answers",
                            "FAIL  login-works",
                            "accepted the connection but did not answer within 2 s",
                            "hint: the server accepted TCP but did not answer")
                    .doesNotContain("check the user and password");
            assertThat(run.all()).doesNotContain("S1lentPw99");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
