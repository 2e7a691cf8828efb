package io.sovereign.gateway.openai;

import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/chat/completions}, typed where the gateway acts on a field: the model it routes, whether
 * it streams (and whether the caller asked for the usage chunk), and the output cap that bounds its cost.
 */
public record ChatCompletionRequest(String model, int messageCount, boolean stream, boolean includeUsage,
                                    Long maxOutputTokens, ObjectNode body) implements ParsedRequest {

    /** How many choices ({@code n}) the caller asked for; the parser checked it is a positive 32-bit integer. */
    public int choices() {
        var n = body.get("n");
        return n == null || n.isNull() ? 1 : n.intValue();
    }

    @Override
    public Endpoint endpoint() {
        return Endpoint.CHAT_COMPLETIONS;
    }

    @Override
    public String toString() {
        return "ChatCompletionRequest[model=" + model + ", messages=" + messageCount + ", stream=" + stream + "]";
    }
}
