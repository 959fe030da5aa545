package org.daadaar.runner.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** The two masks: broad for the runner's own lines, precise for the lines it relays. */
class RedactorTest {
    private static final String IMAGE_LINE = "https://host:443/v2/x from build@example.com";

    @Test
    void the_runners_own_lines_keep_the_broad_mask() {
        Redactor redactor = new Redactor();

        assertThat(redactor.mask("bad URL postgresql://app:Secr3t@Tail 99zz@db/app"))
                .as("an unencoded '@' or space in a password: masked to the line's last '@'")
                .isEqualTo("bad URL postgresql://app:****@db/app");
        assertThat(redactor.mask("jdbc:postgresql://db/app?password=Secr3t&Tail99zz=x"))
                .isEqualTo("jdbc:postgresql://db/app?password=****");
        assertThat(redactor.mask(IMAGE_LINE)).as("the broad mask's price").isNotEqualTo(IMAGE_LINE);
    }

    @Test
    void relayed_lines_lose_only_secrets_and_url_passwords() {
        Redactor redactor = new Redactor();
        redactor.register("Read-S3cret/x");

        assertThat(redactor.maskRelayed(IMAGE_LINE)).isEqualTo(IMAGE_LINE);
        assertThat(redactor.maskRelayed("mail build@example.com, see https://example.com/a@b"))
                .isEqualTo("mail build@example.com, see https://example.com/a@b");
        assertThat(redactor.maskRelayed("to postgresql://app:Secr3t@Tail99zz@db:5432/app and https://u:p@h/x"))
                .isEqualTo("to postgresql://app:****@db:5432/app and https://u:****@h/x");
        assertThat(redactor.maskRelayed("PGPASSWORD=hunter22 psql; ?user=a&password=x1y2&ssl=true"))
                .isEqualTo("PGPASSWORD=**** psql; ?user=a&password=****&ssl=true");
        assertThat(redactor.maskRelayed("secret Read-S3cret/x and Read-S3cret%2Fx"))
                .isEqualTo("secret **** and ****");
    }

    @Test
    void a_relayed_json_line_stays_json_and_loses_the_values() {
        Redactor redactor = new Redactor();
        redactor.register("pa\"ss\\word");
        String line = "{\"message\":\"login with password=Hidden-9 \\\"quoted\\\" to https://u:Hidden-8@db/x\","
                + "\"error\":\"secret pa\\\"ss\\\\word\",\"n\":3,\"ok\":true,\"url\":\"https://host:443/v2/x\"}";

        String masked = redactor.maskRelayed(line);

        var json = JsonNodeParser.create().parse(masked).asObject();
        assertThat(json.get("message").asString())
                .isEqualTo("login with password=**** \"quoted\" to https://u:****@db/x");
        assertThat(json.get("error").asString()).isEqualTo("secret ****");
        assertThat(json.get("n").asNumber()).isEqualTo("3");
        assertThat(masked).endsWith(",\"n\":3,\"ok\":true,\"url\":\"https://host:443/v2/x\"}");
        assertThat(masked).doesNotContain("Hidden-9", "Hidden-8", "ss\\\\word");
    }

    @Test
    void a_line_that_only_looks_like_json_is_still_masked() {
        Redactor redactor = new Redactor();

        assertThat(redactor.maskRelayed("{broken} postgresql://app:Hidden-7@db/app \"x\" }"))
                .isEqualTo("{broken} postgresql://app:****@db/app \"x\" }");
    }
}
