package io.sovereign.gateway.stream;

/**
 * One step of a response's processing chain. Handlers run in order; each gets every event the one before it
 * passed on and decides what goes further: pass it ({@code next.emit(event)}), drop it (do nothing), change it
 * (edit {@link StreamEvent#json()} and call {@link StreamEvent#changed()}, then pass it), or emit new events
 * (before, after or instead of it). Not thread-safe: the processor calls a chain from one thread at a time.
 */
public interface StreamHandler {

    /** Where a handler sends events on: the next handler, or the caller after the last one. */
    @FunctionalInterface
    interface Downstream {
        void emit(StreamEvent event);
    }

    /** One event: an SSE event of a stream, or (with {@link StreamEvent#isWhole()}) a whole non-streamed JSON answer. */
    void onEvent(StreamEvent event, Downstream next);

    /**
     * The stream ended (never called for a whole answer). Events emitted here go through the later handlers
     * before their own {@code onEnd}; with {@link StreamEnd#writable()} false they reach nobody.
     */
    default void onEnd(StreamEnd end, Downstream next) {}

    /**
     * Work that what this handler emitted must wait for before it reaches the caller (the stored response a
     * follow-up names: written before the caller can see the final event), or null. Asked after each call into the
     * chain; it must complete normally (a handler turns its own failure into a logged, completed future).
     */
    default java.util.concurrent.CompletableFuture<Void> pending() {
        return null;
    }
}
