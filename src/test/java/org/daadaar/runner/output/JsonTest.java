package org.daadaar.runner.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Test
    void writes_maps_lists_and_scalars_on_one_line_in_insertion_order() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("task", "migrate");
        object.put("applied", 2);
        object.put("rows", 12_000_000_000L);
        object.put("dry_run", false);
        object.put("error", null);
        object.put("ratio", 0.5);
        object.put("scripts", List.of("V1__a.sql", "V2__b.sql"));
        object.put("inner", Map.of("k", List.of()));

        assertThat(Json.write(object))
                .isEqualTo(
                        "{\"task\":\"migrate\",\"applied\":2,\"rows\":12000000000,\"dry_run\":false,"
                                + "\"error\":null,\"ratio\":0.5,\"scripts\":[\"V1__a.sql\",\"V2__b.sql\"],\"inner\":{\"k\":[]}}");
    }

    @Test
    void a_number_json_cannot_hold_is_null() {
        assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                .isEqualTo("[null,null,null]");
    }

    @Test
    void a_duration_is_its_milliseconds_and_anything_else_its_text_as_a_string() {
        assertThat(Json.write(Map.of("took", Duration.ofSeconds(2)))).isEqualTo("{\"took\":2000}");
        assertThat(Json.write(Instant.parse("2025-11-25T09:46:40Z"))).isEqualTo("\"2025-11-25T09:46:40Z\"");
        assertThat(Json.write(Path.of("db", "migration"))).isEqualTo("\"db/migration\"");
    }

    @Test
    void pretty_indents_by_two_spaces_and_keeps_empty_containers_on_one_line() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(Map.of("Effect", "Allow")));
        policy.put("Condition", Map.of());

        assertThat(Json.pretty(policy))
                .isEqualTo(
                        """
                        {
                          "Version": "2012-10-17",
                          "Statement": [
                            {
                              "Effect": "Allow"
                            }
                          ],
                          "Condition": {}
                        }""");
    }

    @Test
    void pretty_and_one_line_read_back_as_the_same_document() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", List.of(1, "two\n", Map.of("b", true)));
        object.put("c", Map.of());

        assertThat(PARSER.parse(Json.pretty(object))).isEqualTo(PARSER.parse(Json.write(object)));
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
