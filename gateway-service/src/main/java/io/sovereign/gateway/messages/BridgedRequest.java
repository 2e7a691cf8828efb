package io.sovereign.gateway.messages;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Messages request translated for a chat-completions target.
 *
 * @param chat    the chat-completions body (model still the caller's name: routing and aliases come after)
 * @param reply   what the translated answer must look like
 * @param ignored what the caller sent that the target will not see, one short phrase each (e.g. {@code top_k},
 *                {@code tools.3 (web_search_20250305)}), for the audit line or a response header; cache_control
 *                is never listed: it is a caching hint, accepted and ignored by design
 */
public record BridgedRequest(ObjectNode chat, ReplyOptions reply, List<String> ignored) {

    public BridgedRequest {
        ignored = List.copyOf(ignored);
    }

    public boolean stream() {
        return chat.path("stream").asBoolean(false);
    }
}
