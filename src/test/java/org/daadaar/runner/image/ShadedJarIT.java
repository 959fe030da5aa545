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
        byte[] call = "availableCharsets".getBytes(StandardCharsets.US_ASCII);
        try (JarFile jar = new JarFile("target/runner-image.jar")) {
            List<String> callers = jar.stream()
                    .filter(e -> e.getName().endsWith(".class"))
                    .filter(e -> contains(read(jar, e), call))
                    .map(JarEntry::getName)
                    .toList();

            assertThat(callers).isEmpty();
            assertThat(jar.stream()
                            .filter(e -> e.getName().endsWith(".class"))
                            .anyMatch(e -> contains(read(jar, e), "newDecoder".getBytes(StandardCharsets.US_ASCII))))
                    .as("the search finds a call that is there (LocalMigrations decodes UTF-8 strictly)")
                    .isTrue();
        }
    }

    private static byte[] read(JarFile jar, JarEntry entry) {
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
