package io.sovereign.gateway.stream;

import io.sovereign.gateway.error.ErrorResponses;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The thin Reactor adapter of {@link ResponseStream} for one upstream attempt: the first to see the upstream's
 * body (the outermost decorator), it applies the idle timeout, feeds the processor, and settles on every end:
 * after the last byte was written, when the caller goes away (charged for what was generated), when the upstream
 * fails mid-stream, and at the idle timeout. A non-2xx answer passes untouched, for FORWARD's failover.
 */
final class ProcessedResponse extends ServerHttpResponseDecorator {

    /** Settles an answer by what the capture saw; called once per answer. */
    @FunctionalInterface
    interface Settlement {
        CompletableFuture<Void> settle(UsageCapture usage);
    }

    private final Function<UsageCapture, ResponseStream> processors;
    private final Duration idleTimeout;
    private final Settlement settlement;
    private final UsageCapture usage = new UsageCapture();
    private final AtomicBoolean settled = new AtomicBoolean();

    /** {@code processors} builds the processor (with the given capture in its chain) once the answer is known to be a success. */
    ProcessedResponse(
            ServerHttpResponse delegate,
            Function<UsageCapture, ResponseStream> processors,
            Duration idleTimeout,
            Settlement settlement) {
        super(delegate);
        this.processors = processors;
        this.idleTimeout = idleTimeout;
        this.settlement = settlement;
    }

    private boolean success() {
        HttpStatusCode status = getStatusCode();
        return status != null && status.is2xxSuccessful();
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (!success()) {
            return super.writeWith(body);
        }
        ResponseStream processor = processors.apply(usage);
        // an upstream that stalls before its answer is complete is a timeout FORWARD may still fail over from
        return DataBufferUtils.join(Flux.from(body).timeout(idleTimeout))
                .map(io.sovereign.gateway.pipeline.ParseFilter::drain)
                .defaultIfEmpty(ByteSink.NONE)
                .flatMap(in -> {
                    byte[] out = processor.whole(in);
                    if (out != in) {
                        getHeaders().setContentLength(out.length);
                    }
                    // the whole answer is in: it is settled whether or not the caller is still there to receive it;
                    // what a handler must finish first (the stored response) is done before the caller sees it
                    return Mono.when(
                            settle(),
                            awaiting(processor.pending())
                                    .then(super.writeWith(Mono.fromSupplier(
                                            () -> bufferFactory().wrap(out))))
                                    .onErrorResume(ErrorResponses::callerWentAway, e -> Mono.empty()));
                });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        if (!success()) {
            return super.writeAndFlushWith(body);
        }
        ResponseStream processor = processors.apply(usage);
        Flux<DataBuffer> events = Flux.from(body)
                .concatMap(Flux::from)
                .timeout(idleTimeout)
                .concatMap(buffer -> out(processor, feed(processor, buffer)))
                .onErrorResume(e -> e instanceof TimeoutException
                        ? out(processor.end(StreamEnd.IDLE_TIMEOUT))
                        // what the handlers emit at the failure still goes out, then the settled stream fails
                        : out(processor.end(StreamEnd.UPSTREAM_FAILED)).concatWith(settle().then(Mono.error(e))))
                .concatWith(Flux.defer(() -> out(processor, processor.end(StreamEnd.COMPLETE))))
                .doOnCancel(() -> {
                    processor.end(StreamEnd.CALLER_GONE);
                    settle().subscribe();
                });
        // each upstream chunk's events are flushed to the caller as they complete: no buffering of the stream
        return super.writeAndFlushWith(events.map(Flux::just)).then(Mono.defer(this::settle));
    }

    private static byte[] feed(ResponseStream processor, DataBuffer buffer) {
        try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
            byte[] out = ByteSink.NONE;
            while (it.hasNext()) {
                ByteBuffer next = it.next();
                byte[] more = processor.accept(next);
                out = out.length == 0 ? more : concat(out, more);
            }
            return out;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (b.length == 0) {
            return a;
        }
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** {@code bytes} once what the handlers wait for is done (at once, mostly: only a final event waits, for its store). */
    private Flux<DataBuffer> out(ResponseStream processor, byte[] bytes) {
        java.util.concurrent.CompletableFuture<Void> pending = processor.pending();
        return pending.isDone() ? out(bytes) : awaiting(pending).thenMany(out(bytes));
    }

    /** Completes when {@code pending} does (a handler's store write: it completes normally, see StreamHandler). */
    private static Mono<Void> awaiting(java.util.concurrent.CompletableFuture<Void> pending) {
        return pending.isDone() ? Mono.empty() : Mono.fromFuture(pending, true);
    }

    private Flux<DataBuffer> out(byte[] bytes) {
        return bytes.length == 0 ? Flux.empty() : Flux.just(bufferFactory().wrap(bytes));
    }

    /** Settles once; never cancelled half-way: a settlement that started is written. */
    private Mono<Void> settle() {
        if (!settled.compareAndSet(false, true)) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> settlement.settle(usage), true);
    }
}
