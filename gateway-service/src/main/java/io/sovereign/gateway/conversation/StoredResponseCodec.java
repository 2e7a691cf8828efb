package io.sovereign.gateway.conversation;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a {@link StoredResponse}: one JSON document {@code {"v":1,"input":[...],"response":{...}}}.
 * Both stores keep this text (memory too), so a caller can never mutate a stored entry through a shared node and
 * both implementations behave byte for byte alike.
 */
final class StoredResponseCodec {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int VERSION = 1;

    private StoredResponseCodec() {}

    static String encode(StoredResponse r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("v", VERSION);
        doc.set("input", r.input());
        doc.set("response", r.response());
        return JSON.writeValueAsString(doc);
    }

    static StoredResponse decode(String id, String text) {
        JsonNode doc = JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
        if (doc.path("v").asInt(0) != VERSION
                || !doc.path("input").isArray()
                || !doc.path("response").isObject()) {
            throw new IllegalStateException("stored response " + id + " has an unknown layout");
        }
        return new StoredResponse(id, (ArrayNode) doc.get("input"), (ObjectNode) doc.get("response"));
    }
}
