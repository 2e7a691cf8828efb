package io.sovereign.gateway.messages;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/** One Anthropic server-sent event: {@code event: NAME} and its JSON {@code data} (whose {@code type} is NAME). */
public record SseEvent(String name, ObjectNode data) {

    /** The event as it goes on the wire, blank line included. */
    public byte[] bytes() {
        return ("event: " + name + "\ndata: " + data.toString() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
