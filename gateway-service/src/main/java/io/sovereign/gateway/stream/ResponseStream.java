package io.sovereign.gateway.stream;

import io.sovereign.gateway.stream.StreamHandler.Downstream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The one processor of an upstream's answer: frames the SSE stream once, parses each event at most once, and
 * runs it through the ordered handlers; or runs a whole JSON answer through the same handlers as one event.
 * Each call returns the bytes to send to the caller now. Calls are serialised (a caller's disconnect may arrive
 * on another thread than the upstream's bytes); after the first {@link #end} further input is ignored.
 */
public final class ResponseStream {

    private final List<StreamHandler> handlers;
    private final Downstream[] links; // links[i] delivers to handler i; the last one writes to the caller
    private final SseFramer framer = new SseFramer();
    private final SseFramer.Sink framed;
    private final ByteSink out = new ByteSink();
    private StreamEvent answer; // a whole answer, as the last handler passed it
    private boolean writable = true;
    private StreamEnd ended;

    public ResponseStream(List<StreamHandler> handlers) {
        this.handlers = List.copyOf(handlers);
        int n = this.handlers.size();
        links = new Downstream[n + 1];
        links[n] = this::deliver;
        for (int i = n - 1; i >= 0; i--) {
            StreamHandler h = this.handlers.get(i);
            Downstream next = links[i + 1];
            links[i] = e -> h.onEvent(e, next);
        }
        framed = (buf, off, len) -> links[0].emit(StreamEvent.parse(buf, off, len));
    }

    /** The next bytes of a stream (consumed); returns the complete events they finish, as they go to the caller. */
    public synchronized byte[] accept(ByteBuffer bytes) {
        if (ended != null) {
            return ByteSink.NONE;
        }
        framer.accept(bytes, framed);
        return out.take();
    }

    /** Ends the stream once (later calls return nothing): handlers emit what they held, then their end events. */
    public synchronized byte[] end(StreamEnd end) {
        if (ended != null) {
            return ByteSink.NONE;
        }
        ended = end;
        writable = end.writable();
        if (end == StreamEnd.COMPLETE) {
            framer.finish(framed);
        }
        for (int i = 0; i < handlers.size(); i++) {
            handlers.get(i).onEnd(end, links[i + 1]);
        }
        return writable ? out.take() : ByteSink.NONE;
    }

    /** A whole non-streamed answer: one event through the handlers; returns {@code body} itself when nothing changed it. */
    public synchronized byte[] whole(byte[] body) {
        ended = StreamEnd.COMPLETE;
        answer = null;
        links[0].emit(StreamEvent.whole(body));
        if (answer == null) {
            return ByteSink.NONE;
        }
        if (!answer.isChanged()) {
            return body;
        }
        answer.writeTo(out);
        return out.take();
    }

    /**
     * What the bytes the last call returned must wait for before they are written ({@link StreamHandler#pending()}
     * of every handler); a completed future when nothing is pending.
     */
    public synchronized java.util.concurrent.CompletableFuture<Void> pending() {
        java.util.concurrent.CompletableFuture<Void> all = null;
        for (StreamHandler h : handlers) {
            java.util.concurrent.CompletableFuture<Void> p = h.pending();
            if (p != null && !p.isDone()) {
                all = all == null ? p : all.thenCombine(p, (a, b) -> null);
            }
        }
        return all == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : all;
    }

    /** How the stream ended, or null while it runs. */
    public synchronized StreamEnd ended() {
        return ended;
    }

    private void deliver(StreamEvent e) {
        if (e.isWhole()) {
            answer = e;
        } else if (writable) {
            e.writeTo(out);
        }
    }
}
