package org.daadaar.runner.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The RDS global CA bundle inside the jar (docker/rds-global-bundle.pem, the file the image ships
 * and scripts/refresh-rds-ca-bundle.sh refreshes), so that verify-full is the default wherever the
 * jar runs, not only in the image.
 *
 * <p>pgjdbc reads sslrootcert from a file only, so the bundle is copied once per run to a temp
 * file that only this user can read or replace: anyone able to swap that file between the copy
 * and the driver's read could make the runner trust their own CA.
 */
final class PackagedCaBundle {
    static final String RESOURCE = "rds-global-bundle.pem";
    static final String NAME = "the RDS global CA bundle packaged in the jar";

    private static Path file;

    private PackagedCaBundle() {}

    static synchronized Path file() {
        if (file == null || !Files.isReadable(file)) {
            file = extract();
        }
        return file;
    }

    private static Path extract() {
        try (InputStream in = PackagedCaBundle.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE + "; rebuild it with mvn package");
            }
            Path copy = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(
                            "db-runner-rds-ca-",
                            ".pem",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile("db-runner-rds-ca-", ".pem");
            copy.toFile().deleteOnExit();
            // Written in place: Files.copy would replace the file, and with it the permissions.
            try (OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the packaged RDS CA bundle to a temp file", e);
        }
    }
}
