package org.daadaar.runner.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the jars hold. runner.jar holds one HTTP client for the AWS SDK, the URL-connection one:
 * pom.xml keeps the Apache and Netty clients, which every SDK service module brings, to the test
 * classpath. Runs after package (failsafe), so target/runner.jar exists.
 */
class ShadedJarIT {
    private static final List<String> LEFT_OUT = List.of(
            "software/amazon/awssdk/http/apache/",
            "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/",
            "org/apache/http/",
            "org/apache/hc/",
            "io/netty/");

    /**
     * The image's runtime leaves out java.base's CJK charsets (docker/jlink-excludes.sh), and with
     * them Charset.availableCharsets() fails: it lists a charset whose class is gone. Nothing in the
     * image's jar may call it; a library upgrade that starts to call it fails here, not in production.
     */
    @Test
    void nothing_in_the_image_jar_lists_the_available_charsets() throws IOException {
        try (JarFile jar = new JarFile("target/runner-image.jar")) {
            // A call names its method in the class file's constant pool, as plain ASCII.
            List<String> classes = jar.stream()
                    .filter(e -> e.getName().endsWith(".class"))
                    .map(e -> read(jar, e))
                    .toList();

            assertThat(classes).noneMatch(c -> c.contains("availableCharsets"));
            assertThat(classes)
                    .as("the search finds a call that is there (the migrations' strict UTF-8 reading)")
                    .anyMatch(c -> c.contains("newDecoder"));
        }
    }

    /** A class file's bytes, one char each, so that its ASCII names can be searched as text. */
    private static String read(JarFile jar, JarEntry entry) {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_jar_has_the_url_connection_client_and_no_other() throws IOException {
        try (JarFile jar = new JarFile("target/runner.jar")) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();

            assertThat(names)
                    .filteredOn(n -> LEFT_OUT.stream().anyMatch(n::startsWith))
                    .isEmpty();
            assertThat(names).contains("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class");
            try (InputStream services =
                    jar.getInputStream(jar.getEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService"))) {
                assertThat(new String(services.readAllBytes(), StandardCharsets.UTF_8)
                                .lines()
                                .filter(line -> !line.isBlank() && !line.startsWith("#")))
                        .as("the HTTP clients the SDK can discover")
                        .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
            }
            assertThat(jar.getEntry("META-INF/services/software.amazon.awssdk.http.async.SdkAsyncHttpService"))
                    .as("an async client (Netty)")
                    .isNull();
        }
    }
}
