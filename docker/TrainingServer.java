import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import org.daadaar.runner.local.LocalDatabase;

/**
 * The training run's PostgreSQL, with TLS as RDS has it, so that the start-up cache holds the
 * classes of a verified TLS session too: run in the image's build stage as
 * {@code java -cp laptop.jar TrainingServer.java DIR}, after keytool made DIR/server.p12. Writes
 * the key and certificate as PEM for the server, starts it, prints "port N", and waits to be killed.
 */
public class TrainingServer {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        char[] password = "training".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            store.load(in, password);
        }
        Path key = dir.resolve("server.key");
        Files.writeString(key, pem("PRIVATE KEY", ((PrivateKey) store.getKey("server", password)).getEncoded()));
        // PostgreSQL refuses a key file that others may read.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path certificate = dir.resolve("server.crt");
        Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
        LocalDatabase database = LocalDatabase.startEmbedded(Map.of(
                "ssl", "on", "ssl_cert_file", certificate.toString(), "ssl_key_file", key.toString()));
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        System.out.println("port " + database.url().port());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
