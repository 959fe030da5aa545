package org.daadaar.runner.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundle the image trusts for RDS: it must parse, and hold Amazon RDS root CAs. */
class RdsCaBundleTest {
    private static final Path BUNDLE = Path.of("docker/rds-global-bundle.pem");

    @Test
    void the_bundle_parses_as_x509_certificates_of_amazon_rds_authorities() throws Exception {
        Collection<? extends java.security.cert.Certificate> certificates;
        try (InputStream in = Files.newInputStream(BUNDLE)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        List<X509Certificate> x509 =
                certificates.stream().map(X509Certificate.class::cast).toList();

        assertThat(x509).as("certificates in %s", BUNDLE).hasSizeGreaterThan(10);
        assertThat(x509).allSatisfy(c -> assertThat(c.getSubjectX500Principal().getName())
                .contains("Amazon RDS"));
        assertThat(x509).as("root CAs").allSatisfy(c -> assertThat(c.getBasicConstraints())
                .isGreaterThanOrEqualTo(0));
        assertThat(Files.readString(BUNDLE)).as("PEM blocks").contains("-----BEGIN CERTIFICATE-----");
    }
}
