package io.sovereign.gateway.request;

import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What encoding a request for one target needs to know about it: its model names, how its chat parameters differ
 * (renames, drops) and the output cap the budget assumed for a request that sets none.
 *
 * @param droppedParameters parameters the target's profile refuses (dropped from a passthrough body too)
 * @param passthrough       the target speaks the caller's API natively: the request goes in that API's own dialect
 *                          ({@link Api#passthrough()}) instead of bridged (decided by {@code policy.Target#passesThrough})
 */
public record TargetDialect(
        String chatModel,
        String embeddingModel,
        Consumer<ObjectNode> chatParameters,
        String outputCapParameter,
        long maxOutputTokens,
        Set<String> droppedParameters,
        boolean passthrough) {

    public TargetDialect {
        droppedParameters = Set.copyOf(droppedParameters);
    }

    /** A target that is sent the canonical (bridged) dialect and drops nothing beyond its chat parameters. */
    public TargetDialect(
            String chatModel,
            String embeddingModel,
            Consumer<ObjectNode> chatParameters,
            String outputCapParameter,
            long maxOutputTokens) {
        this(chatModel, embeddingModel, chatParameters, outputCapParameter, maxOutputTokens, Set.of(), false);
    }
}
