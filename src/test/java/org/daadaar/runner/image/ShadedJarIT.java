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
 * runner.jar holds one HTTP client for the AWS SDK, the URL-connection one: pom.xml keeps the
 * Apache and Netty clients, which every SDK service module brings, to the test classpath. Runs
 * after package (failsafe), so target/runner.jar exists.
 */
class ShadedJarIT {
    private static final List<String> LEFT_OUT = List.of(
            "software/amazon/awssdk/http/apache/",
            "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/",
            "org/apache/http/",
            "org/apache/hc/",
            "io/netty/");

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
