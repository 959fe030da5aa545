package org.daadaar.runner.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

class JsonTest {
    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    @Test
    void every_control_character_is_escaped_and_reads_back_as_itself() {
        for (char c = 0; c < 0xA0; c++) {
            assertRoundTrip("a" + c + "b");
        }
        assertRoundTrip("a\u2028b\u2029c");
    }

    @Test
    void a_lone_surrogate_is_escaped_and_a_pair_is_kept() {
        assertThat(Json.write("x\ud800y")).isEqualTo("\"x\\ud800y\"");
        assertThat(Json.write("x\udc00")).isEqualTo("\"x\\udc00\"");
        assertThat(Json.write("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
    }

    private static void assertRoundTrip(String value) {
        String line = Json.write(Map.of("message", value));
        assertThat(line.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029))
                .as("raw control characters in %s", line)
                .isEmpty();
        assertThat(PARSER.parse(line).asObject().get("message").asString())
                .as(line)
                .isEqualTo(value);
    }
}
