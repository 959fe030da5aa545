package org.daadaar.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Leaks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * URLs whose password was pasted without percent-encoding: its '@', '/' or '&' cuts it, and the
 * pieces land where a host, a port or a parameter name is expected. Each must be bad input (exit
 * 2, before any connection) with a hint to percent-encode, and no piece of the password may be
 * printed, at any verbosity.
 */
class PasswordShapeLeakTest {
    /** The two halves of the password; the separator between them is what each shape varies. */
    private static final String HEAD = "Secr3tQx";

    private static final String TAIL = "Tail99zz";

    record Shape(String name, String url, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Shape> shapes() {
        return List.of(
                new Shape(
                        "second '@' in the authority",
                        "postgresql://app:" + HEAD + "@" + TAIL + "@db.internal/core",
                        "unencoded '@'"),
                new Shape(
                        "second '@' in the authority, with a port",
                        "postgresql://app:" + HEAD + "@" + TAIL + "@db.internal:5432/core",
                        "unencoded '@'"),
                new Shape(
                        "'@' and a port-like tail",
                        "postgresql://app:" + HEAD + "@" + TAIL + ":5432@db.internal/core",
                        "unencoded '@'"),
                new Shape(
                        "'/' that makes the password look like a port",
                        "postgresql://app:" + HEAD + "/" + TAIL + "@db.internal/core",
                        "percent-encode"),
                new Shape(
                        "'/' after a numeric start, which makes the tail a database name",
                        "postgresql://app:4711/" + TAIL + "@db.internal/core",
                        "unencoded '@'"),
                new Shape(
                        "libpq password= parameter with an unencoded '&'",
                        "postgresql://db.internal/core?user=app&password=" + HEAD + "&" + TAIL,
                        "unencoded '&'"),
                new Shape(
                        "JDBC password= with an unencoded '&'",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + HEAD + "&" + TAIL,
                        "unencoded '&'"),
                new Shape(
                        "JDBC password= with an unencoded '&' and a tail that looks like name=value",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + HEAD + "&" + TAIL + "=x",
                        "unencoded '&'"),
                new Shape(
                        "JDBC password= first, then user",
                        "jdbc:postgresql://db.internal/core?password=" + HEAD + "&" + TAIL + "&user=app",
                        "unencoded '&'"),
                new Shape(
                        "JDBC password whose tail is a known parameter with a bad value",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + HEAD + "&sslmode=" + TAIL,
                        "sslmode must be one of"),
                new Shape(
                        "JDBC password with a broken percent escape",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + HEAD + "%" + TAIL,
                        "'%'"),
                new Shape(
                        "JDBC URL with credentials before the host and a second '@'",
                        "jdbc:postgresql://app:" + HEAD + "@" + TAIL + "@db.internal/core",
                        "JDBC URL"));
    }

    static Stream<Arguments> shapesAtEveryVerbosity() {
        List<List<String>> verbosities =
                List.of(List.of(), List.of("-v"), List.of("-v", "--log-format", "json", "--output", "json"));
        List<Arguments> all = new ArrayList<>();
        for (Shape shape : shapes()) {
            for (List<String> verbosity : verbosities) {
                all.add(Arguments.of(shape, verbosity));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAtEveryVerbosity")
    void an_unencoded_password_is_bad_input_and_never_printed(Shape shape, List<String> verbosity) {
        List<String> args = new ArrayList<>(verbosity);
        args.addAll(List.of("--database-url", shape.url(), "ping"));

        CliRun run = CliRun.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().replace("\\\"", "\"")).as(run.toString()).contains(shape.says());
        assertThat(run.err()).as("one line").hasLineCount(1);
        // Every four characters in a row of either half count as a leak.
        Leaks.assertNoPiece(run, 4, HEAD, TAIL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void the_same_holds_for_database_url_from_the_environment(Shape shape) {
        CliRun run = CliRun.run(Map.of("DATABASE_URL", shape.url()), "ping");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        Leaks.assertNoPiece(run, 4, HEAD, TAIL);
    }
}
