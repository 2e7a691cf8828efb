package io.sovereign.gateway.messages;

import io.sovereign.gateway.stream.StreamEnd;
import io.sovereign.gateway.stream.StreamEvent;
import io.sovereign.gateway.stream.StreamHandler;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The last handler of a Messages request's answer: chat-completions chunks become Anthropic's events
 * ({@link ChatToMessagesStream}), a whole answer becomes a Messages object ({@link ChatToMessages}). Upstream
 * errors in the stream (an {@code {"error":...}} chunk, the idle-timeout notice, a broken connection) end it with
 * Anthropic's {@code error} event. One instance per answer; the prompt-token estimate for {@code message_start}
 * is asked for only when the stream starts (the budgets have counted it by then).
 */
public final class MessagesStreamHandler implements StreamHandler {

    private final ReplyOptions reply;
    private final LongSupplier promptTokens;
    private ChatToMessagesStream stream;

    public MessagesStreamHandler(ReplyOptions reply, LongSupplier promptTokens) {
        this.reply = reply;
        this.promptTokens = promptTokens;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (event.isWhole()) {
            next.emit(event.json() == null ? event : StreamEvent.answer(ChatToMessages.translate(event.json(), reply)));
            return;
        }
        switch (event.kind()) {
            case DATA -> {
                if (event.json() != null) {
                    emit(translator().onChunk(event.json()), next);
                }
            }
            case DONE -> emit(translator().finish(), next);
            case OTHER -> next.emit(StreamEvent.of("ping", translator().ping().data())); // upstream keep-alive
        }
    }

    @Override
    public void onEnd(StreamEnd end, Downstream next) {
        switch (end) {
            case COMPLETE -> emit(translator().finish(), next);
            case UPSTREAM_FAILED ->
                emit(
                        translator()
                                .fail(
                                        "api_error",
                                        "The target's stream broke off before the answer was complete; retry the request."),
                        next);
            case IDLE_TIMEOUT -> emit(translator().finish(), next); // the notice already failed the stream; no-op then
            case CALLER_GONE -> {}
        }
    }

    private ChatToMessagesStream translator() {
        if (stream == null) {
            stream = new ChatToMessagesStream(reply, promptTokens.getAsLong());
        }
        return stream;
    }

    private static void emit(List<SseEvent> events, Downstream next) {
        for (SseEvent e : events) {
            next.emit(StreamEvent.of(e.name(), e.data()));
        }
    }
}
