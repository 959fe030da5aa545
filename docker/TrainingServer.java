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
import java.util.HashMap;
import java.util.Map;
import org.daadaar.runner.local.LocalDatabase;

/**
 * The training run's PostgreSQL, with a SCRAM login as RDS has it, so that the start-up cache holds
 * the classes of a SCRAM login (and, with TLS, of a verified TLS session too): run in the image's
 * build stage as {@code java -cp laptop.jar TrainingServer.java DIR MODE}. MODE is {@code plain}
 * (SCRAM over a connection without TLS) or {@code tls} (SCRAM over TLS only, after keytool made
 * DIR/server.p12: the key and certificate are written as PEM for the server). Starts it, gives
 * postgres the password "training" and then takes nothing but that login, prints "port N", and
 * waits to be killed.
 */
public class TrainingServer {
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("plain") || args[1].equals("tls"))) {
            throw new IllegalArgumentException("usage: TrainingServer DIR plain|tls (was " + String.join(" ", args) + ")");
        }
        Path dir = Path.of(args[0]);
        boolean tls = args[1].equals("tls");
        // Trust first, to set the password; then SCRAM only (over TLS only, with TLS), read again on a reload.
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, "host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        Map<String, String> settings = new HashMap<>(Map.of("hba_file", hba.toString(), "password_encryption",
                "scram-sha-256"));
        if (tls) {
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
            settings.putAll(Map.of("ssl", "on", "ssl_cert_file", certificate.toString(), "ssl_key_file",
                    key.toString()));
        }
        LocalDatabase database = LocalDatabase.startEmbedded(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        int port = database.url().port();
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&sslmode=disable");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE postgres PASSWORD 'training'");
            String host = tls ? "hostssl" : "host";
            Files.writeString(hba, host + " all all 127.0.0.1/32 scram-sha-256\n" + host
                    + " all all ::1/128 scram-sha-256\n");
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
