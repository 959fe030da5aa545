import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import org.daadaar.runner.local.LocalDatabase;

/**
 * The training run's PostgreSQL, with TLS and a SCRAM login as RDS has them, so that the start-up
 * cache holds the classes of a verified TLS session and of SCRAM too: run in the image's build
 * stage as {@code java -cp laptop.jar TrainingServer.java DIR}, after keytool made DIR/server.p12.
 * Writes the key and certificate as PEM for the server, starts it, gives postgres the password
 * "training" and then takes nothing but TLS with SCRAM, prints "port N", and waits to be killed.
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
        // Trust first, to set the password; then SCRAM over TLS only, read again on a reload.
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, "host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        LocalDatabase database = LocalDatabase.startEmbedded(Map.of(
                "ssl", "on",
                "ssl_cert_file", certificate.toString(),
                "ssl_key_file", key.toString(),
                "hba_file", hba.toString(),
                "password_encryption", "scram-sha-256"));
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        int port = database.url().port();
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&sslmode=disable");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE postgres PASSWORD 'training'");
            Files.writeString(
                    hba, "hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
        }
        System.out.println("port " + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
