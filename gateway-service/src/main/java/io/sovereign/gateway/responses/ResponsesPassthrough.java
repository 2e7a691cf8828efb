package io.sovereign.gateway.responses;

import io.sovereign.gateway.stream.StreamEnd;
import io.sovereign.gateway.stream.StreamEvent;
import io.sovereign.gateway.stream.StreamHandler;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last handler of an answer from a target that speaks the Responses API natively: the target's events go to
 * the caller one by one as they come (no buffering), and its {@code response} objects become the gateway's own: the
 * id the gateway minted (so {@code previous_response_id} and {@code GET /v1/responses/{id}} go through the gateway's
 * store), the caller's {@code store}, {@code previous_response_id} and {@code metadata} (the target was called
 * statelessly, without them). {@code sequence_number}s are renumbered from 0 only where they drift (an event an
 * earlier handler added: a held-back delta). The finished response is stored with its conversation before the
 * final event reaches the caller ({@link #pending()}). An error chunk the gateway itself made (an idle timeout)
 * becomes a Responses {@code error} event; a stream that ends without its final event ends with one too.
 * One instance per attempt; not thread-safe (the chain is called from one thread at a time).
 */
public final class ResponsesPassthrough implements StreamHandler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResponsesTurn turn;
    private long sequence;
    private boolean finished;
    private CompletableFuture<Void> stored;

    public ResponsesPassthrough(ResponsesTurn turn) {
        this.turn = turn;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (event.isWhole()) {
            if (event.json() instanceof ObjectNode response
                    && "response".equals(response.path("object").asString(""))) {
                own(response);
                event.changed();
                store(response);
            }
            next.emit(event); // anything else (an error body with a 2xx status) goes out as it came
            return;
        }
        switch (event.kind()) {
            case DATA -> data(event, next);
            case DONE -> {
                // not part of the Responses stream (OpenAI sends none); the final event has gone out
            }
            case OTHER -> next.emit(event);
        }
    }

    private void data(StreamEvent event, Downstream next) {
        if (!(event.json() instanceof ObjectNode json)) {
            next.emit(event);
            return;
        }
        if (!json.has("type") && json.get("error") instanceof ObjectNode error) {
            next.emit(error(error.path("message").asString("The upstream failed."), error.path("code")));
            return;
        }
        String type = json.path("type").asString("");
        boolean changed = false;
        if (json.get("response") instanceof ObjectNode response) {
            own(response);
            changed = true;
            if (type.equals("response.completed") || type.equals("response.incomplete")) {
                store(response);
            }
        }
        if (type.equals("response.completed")
                || type.equals("response.incomplete")
                || type.equals("response.failed")
                || type.equals("error")) {
            finished = true;
        }
        if (json.path("sequence_number").asLong(-1) != sequence) {
            json.put("sequence_number", sequence);
            changed = true;
        }
        sequence++;
        if (changed) {
            event.changed();
        }
        next.emit(event);
    }

    @Override
    public void onEnd(StreamEnd end, Downstream next) {
        if (finished || !end.writable()) {
            return;
        }
        switch (end) {
            case COMPLETE ->
                next.emit(error(
                        "The upstream model server ended the stream before the response was complete.",
                        NODES.stringNode("upstream_incomplete")));
            case UPSTREAM_FAILED ->
                next.emit(error("The upstream model server failed mid-answer.", NODES.stringNode("upstream_error")));
            default -> {
                // an idle timeout's error event went out through onEvent
            }
        }
    }

    @Override
    public CompletableFuture<Void> pending() {
        return stored;
    }

    private StreamEvent error(String message, JsonNode code) {
        finished = true;
        ObjectNode e = NODES.objectNode().put("type", "error");
        e.set("code", code == null || code.isMissingNode() ? NODES.nullNode() : code);
        e.put("message", message);
        e.putNull("param");
        e.put("sequence_number", sequence++);
        return StreamEvent.of("error", e);
    }

    /** The target's response as the gateway's: its id, and the caller's settings the stateless call left out. */
    private void own(ObjectNode response) {
        response.put("id", turn.responseId());
        response.put("store", turn.owner() != null);
        ObjectNode request = turn.request();
        JsonNode previous = request.get("previous_response_id");
        response.set("previous_response_id", previous == null ? NODES.nullNode() : previous);
        if (request.get("metadata") instanceof ObjectNode metadata) {
            response.set("metadata", metadata);
        }
    }

    private void store(ObjectNode response) {
        if (stored == null) { // once per answer, whatever the target repeats
            stored = ResponsesTurn.quietly(turn.completed(response.deepCopy()));
        }
    }
}
