package org.daadaar.runner.codebuild;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.daadaar.runner.RunnerException;

/**
 * The buildspec a build is started with, and where it came from. By default the one packaged in
 * the jar, which matches the image of the same version; a buildspec.yml that happens to be in the
 * working directory (stray, edited, of another version) is never picked up silently.
 *
 * @param source "packaged in runner.jar", or the file's absolute path
 */
public record Buildspec(String text, String source) {
    /** Where the build copies buildspec.yml from (pom.xml puts it there). */
    private static final String RESOURCE = "buildspec.yml";

    public Buildspec {
        requireNonNull(text, "text");
        requireNonNull(source, "source");
    }

    public static Buildspec packaged() {
        try (InputStream in = Buildspec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw RunnerException.badInput("this runner.jar carries no buildspec.yml (built without its"
                        + " resources?): pass --buildspec PATH");
            }
            return new Buildspec(new String(in.readAllBytes(), StandardCharsets.UTF_8), "packaged in runner.jar");
        } catch (IOException e) {
            throw RunnerException.badInput("cannot read the buildspec packaged in runner.jar: " + e, e);
        }
    }

    public static Buildspec file(Path path) {
        Path absolute = path.toAbsolutePath();
        try {
            return new Buildspec(Files.readString(absolute), absolute.toString());
        } catch (NoSuchFileException e) {
            throw RunnerException.badInput("no buildspec at " + absolute + ": check --buildspec PATH, or leave it out"
                    + " to send the one packaged in runner.jar");
        } catch (IOException e) {
            throw RunnerException.badInput("cannot read the buildspec " + absolute + ": " + e, e);
        }
    }
}
