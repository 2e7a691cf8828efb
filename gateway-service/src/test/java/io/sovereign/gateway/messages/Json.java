package io.sovereign.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON for the translator tests: single-quoted literals (readable tables), equality by value, fixtures. */
final class Json {

    static final JsonMapper LENIENT =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Json() {}

    static ObjectNode obj(String json) {
        return (ObjectNode) LENIENT.readTree(json);
    }

    /** Equal as JSON values (numbers compared by value, whatever node type built them). */
    static void assertJsonEquals(JsonNode actual, String expected) {
        assertThat(LENIENT.readTree(actual.toString()).toPrettyString())
                .isEqualTo(LENIENT.readTree(expected).toPrettyString());
    }

    static ObjectNode fixture(String path) {
        try (InputStream in = Json.class.getResourceAsStream("/messages/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /messages/" + path);
            }
            return (ObjectNode) LENIENT.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
