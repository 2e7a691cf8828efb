package io.sovereign.gateway.conversation;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Resolves {@code {"type":"item_reference","id":...}} input items against the owner's stored responses. Clients
 * that rely on server-side state send these instead of replaying an item, without a {@code previous_response_id}:
 * the Vercel AI SDK ({@code @ai-sdk/openai} 4, {@code store} on by default) references the reasoning items of the
 * previous step so. Since the gateway calls upstream statelessly, it must put the item itself back in place.
 *
 * <p>No index is needed: the gateway's item ids derive from their response's id ({@code rs_<id>_<n>} for
 * {@code resp_<id>}, see {@code responses.ResponseShape}), so the referenced response is read and the item taken
 * from its output. A reference that resolves to nothing is left in place, and the translator refuses it with a 400
 * naming the id (as OpenAI does).
 */
public final class ItemReferences {

    private ItemReferences() {}

    /** The response id an item id of the gateway's derives from, if it has that shape. */
    public static Optional<String> responseIdOf(String itemId) {
        if (itemId == null) {
            return Optional.empty();
        }
        int first = itemId.indexOf('_');
        int last = itemId.lastIndexOf('_');
        if (first < 1 || last <= first + 1 || last == itemId.length() - 1) {
            return Optional.empty();
        }
        String id = "resp_" + itemId.substring(first + 1, last);
        return Optional.of(id).filter(ResponseStore::isWellFormedId);
    }

    /**
     * {@code input} with every {@code item_reference} that is neither in {@code history} nor defined earlier in the
     * input replaced by the owner's stored item. Completes with {@code input} itself when there is nothing to resolve.
     */
    public static CompletableFuture<ArrayNode> resolve(
            ResponseStore store, ResponseOwner owner, ArrayNode input, List<JsonNode> history) {
        Set<String> known = new HashSet<>();
        history.forEach(item -> addId(known, item));
        Map<String, String> wanted = new LinkedHashMap<>(); // item id -> response id
        for (JsonNode item : input) {
            if ("item_reference".equals(item.path("type").asString())) {
                String id = item.path("id").asString(null);
                if (id != null && !known.contains(id)) {
                    responseIdOf(id).ifPresent(r -> wanted.put(id, r));
                }
            } else {
                addId(known, item);
            }
        }
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(input);
        }
        Map<String, CompletableFuture<Optional<StoredResponse>>> reads = new LinkedHashMap<>();
        for (String responseId : new HashSet<>(wanted.values())) {
            reads.put(responseId, store.get(owner, responseId));
        }
        return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<String, JsonNode> found = new LinkedHashMap<>();
                    for (CompletableFuture<Optional<StoredResponse>> read : reads.values()) {
                        read.join().ifPresent(r -> r.response().path("output").forEach(item -> {
                            String id = item.path("id").asString(null);
                            if (id != null && wanted.containsKey(id)) {
                                found.put(id, item);
                            }
                        }));
                    }
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode item : input) {
                        JsonNode replacement =
                                "item_reference".equals(item.path("type").asString())
                                        ? found.get(item.path("id").asString(""))
                                        : null;
                        out.add(replacement != null ? replacement.deepCopy() : item);
                    }
                    return out;
                });
    }

    private static void addId(Set<String> known, JsonNode item) {
        JsonNode id = item.get("id");
        if (id != null && id.isString()) {
            known.add(id.stringValue());
        }
    }
}
