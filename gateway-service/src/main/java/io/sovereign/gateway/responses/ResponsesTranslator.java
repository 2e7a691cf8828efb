package io.sovereign.gateway.responses;

import io.sovereign.gateway.stream.StreamEnd;
import io.sovereign.gateway.stream.StreamEvent;
import io.sovereign.gateway.stream.StreamHandler;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last handler of a Responses caller's answer: chat chunks become Responses events as each arrives
 * ({@link ChatToResponsesStream}; the usage chunk reaches it, so {@code response.completed} carries usage), a whole
 * chat completion becomes the {@code response} object ({@link ChatToResponses}). The finished response is stored
 * with its conversation ({@link ResponsesTurn#completed}) before the caller gets it ({@link #pending()}: the
 * processor writes the final event once the store has it), so a follow-up that names it finds it. One instance per
 * attempt; not thread-safe (the chain is called from one thread at a time).
 */
public final class ResponsesTranslator implements StreamHandler {

    private final ResponsesTurn turn;
    private ChatToResponsesStream stream;
    private java.util.concurrent.CompletableFuture<Void> stored;

    public ResponsesTranslator(ResponsesTurn turn) {
        this.turn = turn;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (event.isWhole()) {
            JsonNode completion = event.json();
            if (completion == null || !completion.path("choices").path(0).isObject()) {
                next.emit(event); // not a completion (an error body with a 2xx status): the caller sees it as it came
                return;
            }
            ObjectNode response = ChatToResponses.translate(
                    turn.request(), turn.names(), completion, turn.responseId(), turn.createdAt());
            store(response);
            next.emit(StreamEvent.answer(response));
            return;
        }
        switch (event.kind()) {
            case DATA -> {
                JsonNode chunk = event.json();
                if (chunk != null) {
                    emit(stream(next).onChunk(chunk), next);
                }
            }
            case DONE -> {
                // the chat stream's end marker: the Responses stream ends with response.completed (sent at the end)
            }
            case OTHER -> next.emit(event); // keep-alive comments are valid SSE for Responses callers too
        }
    }

    @Override
    public void onEnd(StreamEnd end, Downstream next) {
        switch (end) {
            case COMPLETE -> {
                List<ObjectNode> last = stream(next).end();
                for (ObjectNode e : last) {
                    if (e.path("response").isObject()
                            && e.path("type").asString("").matches("response\\.(completed|incomplete)")) {
                        store((ObjectNode) e.get("response"));
                    }
                }
                emit(last, next);
            }
            case UPSTREAM_FAILED -> emit(stream(next).fail("The upstream model server failed mid-answer."), next);
            case IDLE_TIMEOUT -> emit(stream(next).fail("The upstream model server went quiet mid-answer."), next);
            case CALLER_GONE -> {
                // nothing can be written, and an unfinished response is not stored
            }
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> pending() {
        return stored;
    }

    private void store(ObjectNode response) {
        if (stored == null) { // once per answer
            stored = ResponsesTurn.quietly(turn.completed(response));
        }
    }

    /** The stream translator, made on the first event, when {@code response.created} and {@code .in_progress} go out. */
    private ChatToResponsesStream stream(Downstream next) {
        if (stream == null) {
            stream = new ChatToResponsesStream(turn.request(), turn.names(), turn.responseId(), turn.createdAt());
            emit(stream.start(), next);
        }
        return stream;
    }

    private static void emit(List<ObjectNode> events, Downstream next) {
        for (ObjectNode e : events) {
            next.emit(StreamEvent.of(e.path("type").asString(), e));
        }
    }
}
