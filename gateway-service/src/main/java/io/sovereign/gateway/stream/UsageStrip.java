package io.sovereign.gateway.stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway asks every streaming upstream for usage ({@code stream_options.include_usage}) to settle by it; a
 * caller who did not ask gets the stream it asked for: the usage-only chunk is dropped, and a usage object an
 * upstream attached to a content chunk is removed. Runs after {@link UsageCapture}. ({@code "usage": null} on
 * every chunk, as OpenAI sends it, is left alone: it tells the caller nothing and rewriting it costs a render.)
 */
public final class UsageStrip implements StreamHandler {

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (!event.isWhole() && event.kind() == StreamEvent.Kind.DATA && event.json() instanceof ObjectNode chunk) {
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                if (chunk.path("choices").isEmpty()) {
                    return;
                }
                chunk.remove("usage");
                event.changed();
            }
        }
        next.emit(event);
    }
}
