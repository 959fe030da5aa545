package org.daadaar.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.daadaar.runner.support.FakeSecretsManager.error;
import static org.daadaar.runner.support.FakeSecretsManager.secretString;
import static org.daadaar.runner.support.SecretValues.libpqUrl;
import static org.daadaar.runner.support.SecretValues.rdsJson;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.daadaar.runner.config.DatabaseUrl;
import org.daadaar.runner.support.CliRun;
import org.daadaar.runner.support.FakeSecretsManager;
import org.daadaar.runner.support.Leaks;
import org.daadaar.runner.support.SecretValues;
import org.daadaar.runner.support.SecureServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure path that the command line can reach, with one distinctive password in the URL
 * or the secret, at every verbosity: the password must appear nowhere, raw or encoded.
 */
class LeakTest {
    /** Every character that needs encoding in a URL, so that each encoding is a different string. */
    private static final String PASSWORD = "Zq7-LEAK-p@ss/w:rd?&=+ %";
    /** Any five characters in a row of it count: a URL pasted unencoded splits it anywhere. */
    private static final int WINDOW = 5;

    private static final String RAW_IN_URL = "postgresql://app:" + PASSWORD + "@db.internal:5432/core";
    private static final String SECRET = "prod/db-runner/database";
    private static final String PASSWORD_SECRET = "prod/db-runner/password";

    private static FakeSecretsManager secrets;
    private static DatabaseUrl victim;
    private static DatabaseUrl owner;

    @BeforeAll
    static void start() {
        secrets = FakeSecretsManager.start();
        victim = SecureServer.shared().role("leak_victim", "not-the-leak-password");
        owner = SecureServer.shared().role("leak_owner", PASSWORD);
    }

    @BeforeEach
    void forgetStubs() {
        secrets.reset();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    static List<String> forms() {
        String encoded = SecretValues.encode(PASSWORD);
        Matcher hex = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
        String lowerHex = hex.replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
        List<String> forms =
                new ArrayList<>(List.of(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8), encoded, lowerHex));
        forms.addAll(Leaks.pieces(WINDOW, PASSWORD));
        return forms;
    }

    record Failure(
            String name,
            int exitCode,
            String says,
            Consumer<FakeSecretsManager> stubs,
            Map<String, String> env,
            List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Failure url(String name, int exitCode, String says, String url) {
        return new Failure(name, exitCode, says, s -> {}, Map.of(), List.of("--database-url", url, "ping"));
    }

    private static Failure secret(String name, int exitCode, String says, String value) {
        return new Failure(
                name,
                exitCode,
                says,
                s -> s.answer(SECRET, secretString(value)),
                Map.of(),
                List.of("--database-secret-id", SECRET, "ping"));
    }

    private static Failure args(
            String name, int exitCode, String says, Consumer<FakeSecretsManager> stubs, String... args) {
        return new Failure(name, exitCode, says, stubs, Map.of(), List.of(args));
    }

    /** A migration lint cannot read, which it shows as not checked, with the password as a literal. */
    private static java.nio.file.Path lintMigrationsWithPassword() {
        try {
            java.nio.file.Path dir = lintMigrations();
            java.nio.file.Path file = dir.resolve("V2__rotate.sql");
            java.nio.file.Files.writeString(
                    file,
                    "DO $$ BEGIN EXECUTE 'ALTER ROLE app PASSWORD ' || quote_literal('" + PASSWORD + "'); END $$;\n");
            file.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One migration that lint refuses whatever the tables: REINDEX CONCURRENTLY in a transactional script. */
    private static java.nio.file.Path lintMigrations() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("leak-lint");
            java.nio.file.Files.writeString(dir.resolve("V1__reindex.sql"), "reindex index concurrently some_idx;\n");
            dir.toFile().deleteOnExit();
            dir.resolve("V1__reindex.sql").toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Failure> failures() {
        String enc = SecretValues.encode(PASSWORD);
        String pw = "postgresql://app:" + enc + "@";
        DatabaseUrl refused = new DatabaseUrl("127.0.0.1", 1, "core", "app", null, Map.of());
        DatabaseUrl unknown = new DatabaseUrl("db.leak-test.invalid", 5432, "core", "app", null, Map.of());
        DatabaseUrl noSuchDatabase =
                new DatabaseUrl(owner.host(), owner.port(), "no_such_db", owner.user(), null, Map.of());
        int bad = ExitCode.BAD_INPUT;
        int env = ExitCode.ENVIRONMENT;
        return List.of(
                // Malformed URLs: refused before any connection.
                url("port out of range", bad, "port", pw + "db.internal:70000/core"),
                url("password pasted unencoded", bad, "malformed", RAW_IN_URL),
                url("broken percent escape", bad, "'%'", pw.replace("@", "%4@") + "db.internal/core"),
                url("unsupported parameter", bad, "not supported", pw + "db.internal/core?passwd=x"),
                url("unknown sslmode", bad, "sslmode", pw + "db.internal/core?sslmode=off"),
                url("bad connect_timeout", bad, "connect_timeout", pw + "db.internal/core?connect_timeout=soon"),
                url(
                        "jdbc URL with credentials before the host",
                        bad,
                        "JDBC URL",
                        "jdbc:postgresql://app:" + enc + "@db.internal/core"),
                url(
                        "jdbc URL with the password unencoded",
                        bad,
                        "malformed",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + PASSWORD),
                url(
                        "jdbc URL with the password encoded and a bad parameter",
                        bad,
                        "malformed",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + enc + "&=x"),
                url("wrong scheme", bad, "must start with", "mysql://app:" + enc + "@db.internal/core"),
                url("several hosts", bad, "several hosts", pw + "h1.internal,h2.internal/core"),
                url("no host", bad, "no host", pw + "/core"),
                url("unclosed IPv6 bracket", bad, "IPv6", pw + "[::1/core"),
                args(
                        "URL given as an argument instead of an option",
                        bad,
                        "",
                        s -> {},
                        "ping",
                        pw + "db.internal/core"),
                args("unencoded URL given as an argument instead of an option", bad, "", s -> {}, "ping", RAW_IN_URL),
                args(
                        "misspelled option holding the URL",
                        bad,
                        "",
                        s -> {},
                        "--database-ur=" + pw + "db.internal/core",
                        "ping"),
                args(
                        "misspelled option holding an unencoded URL",
                        bad,
                        "",
                        s -> {},
                        "--database-ur=" + RAW_IN_URL,
                        "ping"),
                args(
                        "unencoded JDBC URL given as an argument",
                        bad,
                        "",
                        s -> {},
                        "ping",
                        "jdbc:postgresql://db.internal/core?user=app&password=" + PASSWORD),
                // Connections that fail: environment, after the URL was understood.
                url("wrong password", env, "refused the login", libpqUrl(victim, PASSWORD)),
                url("connection refused", env, "refused the connection", libpqUrl(refused, PASSWORD)),
                url("unknown host", env, "cannot resolve", libpqUrl(unknown, PASSWORD)),
                url("database that does not exist", env, "does not exist", libpqUrl(noSuchDatabase, PASSWORD)),
                args(
                        "repair accepting a checksum that never changed, after logging in",
                        bad,
                        "nothing to accept",
                        s -> {},
                        "--dry-run",
                        "--database-url",
                        libpqUrl(owner, PASSWORD),
                        "repair",
                        "--accept-checksum",
                        "99"),
                // A guard that refuses with a report: lint's findings, on a session logged in with the password.
                args(
                        "lint refusing a statement that cannot run in a transaction",
                        ExitCode.GUARD_REFUSED,
                        "non-transactional-in-transaction",
                        s -> {},
                        "--database-url",
                        libpqUrl(owner, PASSWORD),
                        "lint",
                        "--locations",
                        "filesystem:" + lintMigrations()),
                args(
                        "lint showing a statement whose literal is the password",
                        ExitCode.GUARD_REFUSED,
                        "1 not checked",
                        s -> {},
                        "--database-url",
                        libpqUrl(owner, PASSWORD),
                        "lint",
                        "--locations",
                        "filesystem:" + lintMigrationsWithPassword()),
                url(
                        "clear text refused for a remote host",
                        bad,
                        "refused for",
                        pw + "db.example.com:5432/core?sslmode=disable"),
                new Failure(
                        "wrong password in DATABASE_URL",
                        env,
                        "refused the login",
                        s -> {},
                        Map.of("DATABASE_URL", libpqUrl(victim, PASSWORD)),
                        List.of("ping")),
                // The secret holds the password.
                secret(
                        "secret URL with a rejected password, read twice",
                        env,
                        "refused the login",
                        libpqUrl(victim, PASSWORD)),
                secret(
                        "RDS secret with a rejected password, read twice",
                        env,
                        "refused the login",
                        rdsJson(victim, PASSWORD, victim.port())),
                secret("secret URL to a closed port", env, "refused the connection", libpqUrl(refused, PASSWORD)),
                secret("secret URL to an unknown host", env, "cannot resolve", libpqUrl(unknown, PASSWORD)),
                secret(
                        "RDS secret without a host",
                        bad,
                        "\"host\"",
                        "{\"username\":\"app\",\"password\":\"" + PASSWORD + "\"}"),
                secret(
                        "RDS secret with a port that is not a number",
                        bad,
                        "\"port\"",
                        rdsJson(victim, PASSWORD, "five-four-three-two")),
                secret("secret URL that is malformed", bad, "port", pw + "db.internal:70000/core"),
                secret("secret URL with the password unencoded", bad, "malformed", RAW_IN_URL),
                secret("secret holding only the password", bad, "neither", PASSWORD),
                secret(
                        "secret that is broken JSON",
                        bad,
                        "does not parse",
                        "{\"username\":\"app\",\"password\":\"" + PASSWORD + "\""),
                args(
                        "second read of a rotated secret denied",
                        env,
                        "AccessDeniedException",
                        s -> s.answer(
                                SECRET,
                                secretString(libpqUrl(victim, PASSWORD)),
                                error("AccessDeniedException", "denied")),
                        "--database-secret-id",
                        SECRET,
                        "ping"),
                args(
                        "password secret denied after the database secret was read",
                        env,
                        "AccessDeniedException",
                        s -> {
                            s.answer(SECRET, secretString(libpqUrl(victim, PASSWORD)));
                            s.answer(PASSWORD_SECRET, error("AccessDeniedException", "denied"));
                        },
                        "--database-secret-id",
                        SECRET,
                        "--password-secret-id",
                        PASSWORD_SECRET,
                        "ping"),
                args(
                        "password secret missing after the database secret was read",
                        bad,
                        "does not exist",
                        s -> {
                            s.answer(SECRET, secretString(rdsJson(victim, PASSWORD, victim.port())));
                            s.answer(PASSWORD_SECRET, error("ResourceNotFoundException", "not found"));
                        },
                        "--database-secret-id",
                        SECRET,
                        "--password-secret-id",
                        PASSWORD_SECRET,
                        "ping"),
                args(
                        "password secret rejected twice",
                        env,
                        "refused the login",
                        s -> s.answer(PASSWORD_SECRET, secretString(PASSWORD)),
                        "--database-url",
                        libpqUrl(victim, "in-the-url"),
                        "--password-secret-id",
                        PASSWORD_SECRET,
                        "ping"),
                args(
                        "password secret as JSON without a password key",
                        bad,
                        "\"password\"",
                        s -> s.answer(PASSWORD_SECRET, secretString("{\"pass\":\"" + PASSWORD + "\"}")),
                        "--database-url",
                        libpqUrl(victim, "in-the-url"),
                        "--password-secret-id",
                        PASSWORD_SECRET,
                        "ping"));
    }

    static Stream<Arguments> failuresAtEveryVerbosity() {
        List<List<String>> verbosities = List.of(
                List.of(), List.of("--verbose"), List.of("--verbose", "--log-format", "json", "--output", "json"));
        List<Arguments> all = new ArrayList<>();
        for (Failure failure : failures()) {
            for (List<String> verbosity : verbosities) {
                all.add(Arguments.of(failure, verbosity));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failuresAtEveryVerbosity")
    void a_failure_never_prints_the_password(Failure failure, List<String> verbosity) {
        failure.stubs().accept(secrets);
        Map<String, String> env = new HashMap<>(secrets.env());
        env.putAll(failure.env());
        List<String> args = new ArrayList<>(verbosity);
        args.addAll(failure.args());

        CliRun run = CliRun.run(env, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(failure.exitCode());
        assertThat(run.err().replace("\\\"", "\"")).as(run.toString()).contains(failure.says());
        for (String form : forms()) {
            assertThat(run.all()).as("printed the password as " + form).doesNotContain(form);
        }
        assertThat(secrets.requests())
                .as("requests to Secrets Manager carry secret ids only")
                .allSatisfy(request -> assertThat(forms()).noneMatch(request::contains));
    }
}
