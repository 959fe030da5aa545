package org.daadaar.runner.tls;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Runs the crypto of a verified TLS 1.3 session and a SCRAM login once, on a thread of its own,
 * while the run sets its pool up and opens its first connection (TaskRunner starts it when the
 * connection must be TLS: sslmode require, verify-ca or verify-full).
 *
 * <p>Why: a new JVM runs that code cold. The handshake with PostgreSQL (which picks P-256 for
 * the key exchange) and SCRAM's 4,096 rounds of HMAC-SHA-256 start in the interpreter, and the JDK
 * computes P-256's table of generator multiples and reads its crypto policy on first use: about
 * two thirds of a no-op migrate's time over TLS went there, on one core of two. Run at once on the
 * other core, most of that code is compiled and those tables are made by the time the connection
 * needs them (bench/README.md has the figures). A connection without TLS gets no warm-up: on two
 * cores its compile queue and collections slow the run a little. Nothing here touches the network, a key or a
 * secret of the run: the keys are made up and thrown away, and any failure only means no warm-up.
 *
 * <p>The image's training run (docker/train.sh) leaves it out with {@code
 * -Ddb-runner.crypto-warmup=false}, which matters when it trains over TLS (TRAIN_TLS=true): its
 * classes made the cache 1.3 MB larger, and a run with them in the cache measured no faster.
 */
public final class CryptoWarmup {
    /** config/PackagedCaBundle's resource: the RDS CA bundle that the jar carries. */
    private static final String PACKAGED_BUNDLE = "/org/daadaar/runner/config/rds-global-bundle.pem";

    private CryptoWarmup() {}

    /** Starts the warm-up on a daemon thread, never waited for. */
    public static void start() {
        if ("false".equals(System.getProperty("db-runner.crypto-warmup"))) {
            return;
        }
        Thread thread = new Thread(CryptoWarmup::failedSteps, "crypto-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs every step; the ones that threw, by their order in the list (none on the JDKs the runner supports). */
    static List<Integer> failedSteps() {
        List<Step> steps = List.of(
                CryptoWarmup::keyExchange,
                CryptoWarmup::clientHello,
                CryptoWarmup::certificateChecks,
                CryptoWarmup::hostNameCheck,
                CryptoWarmup::rsaSignatures,
                CryptoWarmup::records,
                CryptoWarmup::scram);
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            try {
                steps.get(i).run();
            } catch (GeneralSecurityException | IOException | RuntimeException | LinkageError e) {
                // Only a warm-up: the connection does the same work itself, and reports what fails.
                failed.add(i);
            }
        }
        return failed;
    }

    private interface Step {
        void run() throws GeneralSecurityException, IOException;
    }

    /**
     * A TLS client's first flight, written to a buffer and thrown away: JSSE's context, its
     * handshake machinery and the ClientHello with its key shares, which pgjdbc's session goes
     * through next. No server, no socket, no trust: the engine trusts nothing.
     */
    private static void clientHello() throws GeneralSecurityException, IOException {
        TrustManagerFactory none = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
        empty.load(null, null);
        none.init(empty);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, none.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine("localhost", 5432);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(
                ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
    }

    /**
     * What the server's chain goes through: X.509 parsing, a trust store of CA certificates and
     * the trust manager (for a chain that is its own anchor it stops before the path checks), and
     * a certificate's RSA signature, on the first certificate of the RDS bundle packaged in the jar
     * (self-signed; its validity does not matter here).
     */
    private static void certificateChecks() throws GeneralSecurityException, IOException {
        X509Certificate ca;
        try (InputStream in = CryptoWarmup.class.getResourceAsStream(PACKAGED_BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(PACKAGED_BUNDLE + " is missing from the jar");
            }
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                x509.checkServerTrusted(new X509Certificate[] {ca}, "RSA");
            }
        }
        ca.verify(ca.getPublicKey());
    }

    /** An ephemeral P-256 key pair and ECDH (the share the server picks), and X25519 (the other one offered). */
    private static void keyExchange() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = ec.generateKeyPair();
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(pair.getPrivate());
        ecdh.doPhase(pair.getPublic(), true);
        ecdh.generateSecret();
        KeyPairGenerator.getInstance("X25519").generateKeyPair();
    }

    /**
     * What verify-full's host name check goes through (pgjdbc's PGjdbcHostnameVerifier): the
     * name's ASCII form (IDN, with the ICU tables the JDK loads for it on first use), and the
     * certificate's names, parsed as LDAP names.
     */
    private static void hostNameCheck() throws GeneralSecurityException, IOException {
        IDN.toASCII("db.warm-up.invalid");
        try {
            new LdapName("CN=db.warm-up.invalid,O=warm-up");
        } catch (InvalidNameException e) {
            throw new IOException(e);
        }
    }

    /**
     * The server's RSA signatures (its CertificateVerify, its certificate's): the check of a
     * made-up signature runs the same arithmetic, and fails as it should.
     */
    private static void rsaSignatures() throws GeneralSecurityException {
        BigInteger modulus = BigInteger.ONE.shiftLeft(2047).setBit(0).setBit(1000);
        PublicKey rsa =
                KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initVerify(rsa);
        pss.update(new byte[64]);
        byte[] signature = new byte[256];
        signature[255] = 3;
        pss.verify(signature);
    }

    /** The record layer and the key schedule: AES-GCM, and HMAC (HKDF) with SHA-256 and SHA-384. */
    private static void records() throws GeneralSecurityException {
        for (String hmac : List.of("HmacSHA256", "HmacSHA384")) {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(new byte[48], hmac));
            mac.doFinal(new byte[64]);
        }
        for (int bytes : new int[] {16, 32}) {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(new byte[bytes], "AES"),
                    new GCMParameterSpec(128, new byte[12]));
            gcm.doFinal(new byte[256]);
        }
    }

    /** SCRAM-SHA-256's PBKDF2 with HMAC-SHA-256, as many rounds as PostgreSQL's default. */
    private static void scram() throws GeneralSecurityException {
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("warm-up".toCharArray(), new byte[16], 4096, 256));
    }
}
