package io.sovereign.gateway.openai;

import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/embeddings}: a model and one or more inputs (strings or token arrays). */
public record EmbeddingsRequest(String model, int inputCount, ObjectNode body) implements ParsedRequest {

    @Override
    public Endpoint endpoint() {
        return Endpoint.EMBEDDINGS;
    }

    @Override
    public String toString() {
        return "EmbeddingsRequest[model=" + model + ", inputs=" + inputCount + "]";
    }
}
