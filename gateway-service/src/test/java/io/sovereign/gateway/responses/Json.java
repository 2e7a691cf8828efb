package io.sovereign.gateway.responses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON literals and fixtures for the translator tests. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static ObjectNode obj(String json) {
        return (ObjectNode) MAPPER.readTree(json);
    }

    static JsonNode node(String json) {
        return MAPPER.readTree(json);
    }

    static List<JsonNode> list(String jsonArray) {
        List<JsonNode> out = new ArrayList<>();
        MAPPER.readTree(jsonArray).forEach(out::add);
        return out;
    }

    /** A recorded client request under src/test/resources/responses (its {@code body}). */
    static ObjectNode fixtureBody(String name) {
        try (InputStream in = Json.class.getResourceAsStream("/responses/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) MAPPER.readTree(in).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
