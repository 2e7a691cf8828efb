package io.sovereign.gateway.openai;

import tools.jackson.databind.node.ObjectNode;

/**
 * A validated OpenAI request. {@code body} is the caller's JSON as parsed once: fields the gateway does
 * not model are kept there and passed through to the target unchanged.
 */
public sealed interface ParsedRequest permits ChatCompletionRequest, EmbeddingsRequest {

    Endpoint endpoint();

    String model();

    ObjectNode body();

    /** Whether the answer comes as server-sent events. */
    default boolean stream() {
        return false;
    }
}
