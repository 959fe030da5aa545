package org.daadaar.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.daadaar.runner.ExitCode;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.Leaks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A URL typed without quotes reaches the runner as several arguments when its password holds a
 * space, and picocli's messages echo the arguments it cannot use: the password's tail. Every such
 * shape is bad input, and no piece of the password is printed, at any verbosity.
 */
class ArgumentLeakTest {
    private static final String FIRST = "Wq8vKs";
    private static final String SECOND = "Tail99zz";
    private static final String THIRD = "Mr7xQp";
    private static final String PASSWORD = FIRST + " " + SECOND + " " + THIRD;
    private static final String HOST = "@db.internal:5432/core";

    record Shape(String name, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Shape shape(String name, String... args) {
        return new Shape(name, List.of(args));
    }

    /** The URL as the shell splits it when it is not quoted: one argument per piece of the password. */
    private static String[] split(String prefix) {
        return (prefix + PASSWORD + HOST).split(" ");
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    static List<Shape> shapes() {
        String[] libpq = split("postgresql://app:");
        String[] jdbc = split("jdbc:postgresql://db.internal/core?user=app&password=");
        return List.of(
                shape("split libpq URL", concat(concat(new String[] {"--database-url"}, libpq), "migrate")),
                shape(
                        "split libpq URL in --database-url=",
                        concat(
                                concat(new String[0], ("--database-url=" + String.join(" ", libpq)).split(" ")),
                                "migrate")),
                shape("split JDBC URL", concat(concat(new String[] {"--database-url"}, jdbc), "ping")),
                shape(
                        "split URL then a mistyped task",
                        concat(concat(new String[] {"--database-url"}, libpq), "migrat")),
                shape(
                        "piece of the password that looks like an option",
                        "--database-url",
                        "postgresql://app:" + FIRST,
                        "--" + SECOND + HOST,
                        "ping"),
                shape(
                        "piece of the password taken as an option's value",
                        "--database-url",
                        "postgresql://app:" + FIRST,
                        "--lock-timeout",
                        SECOND + HOST,
                        "ping"),
                shape(
                        "piece of the password taken as an option's value, with =",
                        "--database-url",
                        "postgresql://app:" + FIRST,
                        "--statement-timeout=" + SECOND + HOST,
                        "ping"),
                shape(
                        "piece of the password that starts with @, as picocli's @file would read",
                        "--database-url",
                        "postgresql://app:" + FIRST,
                        "@" + SECOND + HOST,
                        "ping"),
                shape(
                        "piece of the password taken as a task option's value",
                        "--database-url",
                        "postgresql://app:" + FIRST,
                        "cleanup-test-users",
                        "--batch-size",
                        SECOND + HOST),
                shape("split URL after the task, without --database-url", concat(new String[] {"ping"}, libpq)),
                shape(
                        "split URL in a misspelled option",
                        concat(concat(new String[] {"--database-ur"}, libpq), "ping")),
                shape(
                        "split URL in the task part of codebuild run",
                        concat(
                                new String[] {"codebuild", "run", "--project", "db-runner", "ping", "--database-url"},
                                libpq)),
                shape(
                        "split URL given twice",
                        concat(concat(concat(new String[] {"--database-url"}, libpq), "--database-url"), libpq)));
    }

    static Stream<Arguments> shapesAtEveryVerbosity() {
        List<Arguments> all = new ArrayList<>();
        for (Shape shape : shapes()) {
            for (List<String> verbosity :
                    List.of(List.<String>of(), List.of("-v"), List.of("-v", "--log-format", "json"))) {
                all.add(Arguments.of(shape, verbosity));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAtEveryVerbosity")
    void no_piece_of_the_password_is_printed(Shape shape, List<String> verbosity) {
        List<String> args = new ArrayList<>(verbosity);
        args.addAll(shape.args());

        CliRun run = CliRun.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().strip())
                .as("one line: " + run)
                .doesNotContain("\n")
                .isNotEmpty();
        // Not even four characters in a row of any piece of the password.
        Leaks.assertNoPiece(run, 4, FIRST, SECOND, THIRD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void the_error_says_to_quote_and_percent_encode(Shape shape) {
        CliRun run = CliRun.run(shape.args().toArray(String[]::new));

        if (shape.args().get(0).equals("codebuild")) {
            // codebuild run refuses --database-url in the task part before reading what follows it:
            // a build's database comes from the project, never from a command line.
            assertThat(run.err()).as(run.toString()).contains("--database-url is not passed on to a build");
        } else {
            assertThat(run.err()).as(run.toString()).contains("must be quoted and percent-encoded");
        }
    }
}
