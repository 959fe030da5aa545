package org.daadaar.runner.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import javax.crypto.KeyAgreement;

/**
 * Does the key exchange's one-time work on a second thread while the main one still sets up the
 * run (options, logs, the pool), so that the first handshake finds it done. A verified TLS 1.3
 * session with PostgreSQL is an ECDHE exchange on P-256 (the server's default ssl_ecdh_curve,
 * RDS's too) after the client offered X25519 and P-256 key shares; the JDK computes P-256's
 * table of generator multiples on first use, and all of it runs in the interpreter at first:
 * tens of milliseconds of a no-op migrate's start (bench/README.md). Nothing here touches the
 * network or any key that is used: it only warms what the handshake will run.
 */
public final class TlsWarmUp {
    private TlsWarmUp() {}

    /** Starts the warm-up on a daemon thread, which a run never waits for. */
    public static void start() {
        Thread thread = new Thread(TlsWarmUp::run, "db-runner-tls-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            exchange("EC", new ECGenParameterSpec("secp256r1"), "ECDH");
            exchange("XDH", NamedParameterSpec.X25519, "XDH");
        } catch (GeneralSecurityException | RuntimeException e) {
            // A warm-up only: the handshake does the same work and reports any failure itself.
        }
    }

    private static void exchange(String algorithm, java.security.spec.AlgorithmParameterSpec group, String agreement)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(group);
        KeyPair ours = generator.generateKeyPair();
        KeyPair theirs = generator.generateKeyPair();
        KeyAgreement exchange = KeyAgreement.getInstance(agreement);
        exchange.init(ours.getPrivate());
        exchange.doPhase(theirs.getPublic(), true);
        exchange.generateSecret();
    }
}
