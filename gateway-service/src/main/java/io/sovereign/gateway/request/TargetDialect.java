package io.sovereign.gateway.request;

import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What encoding a request for one target needs to know about it: its model names, how its chat parameters differ
 * (renames, drops) and the output cap the budget assumed for a request that sets none.
 */
public record TargetDialect(
        String chatModel,
        String embeddingModel,
        Consumer<ObjectNode> chatParameters,
        String outputCapParameter,
        long maxOutputTokens) {}
