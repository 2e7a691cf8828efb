package io.sovereign.gateway.upstream;

import io.sovereign.gateway.pipeline.RequestContext;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sits between the response-stream processor and the caller. A failover-able status (5xx, or 429 when a
 * fallback exists) is turned into an error BEFORE anything is written, so FORWARD can try the fallback;
 * everything else streams through as it arrives (the idle timeout is the processor's, stream.ProcessedResponse).
 */
final class UpstreamResponse extends ServerHttpResponseDecorator {

    private final RequestContext ctx;
    private final boolean hasFallback;

    UpstreamResponse(ServerHttpResponse delegate, RequestContext ctx, boolean hasFallback) {
        super(delegate);
        this.ctx = ctx;
        this.hasFallback = hasFallback;
    }

    private UpstreamStatusException failover() {
        HttpStatusCode status = getStatusCode();
        if (status != null && (status.is5xxServerError() || status.value() == 429 && hasFallback)) {
            return new UpstreamStatusException(status.value());
        }
        return null;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        UpstreamStatusException failed = failover();
        if (failed != null) {
            return Flux.from(body).doOnNext(DataBufferUtils::release).then(Mono.error(failed));
        }
        return super.writeWith(Flux.from(body).doOnNext(b -> ctx.markFirstByte()));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        UpstreamStatusException failed = failover();
        if (failed != null) {
            return Flux.from(body)
                    .flatMap(Flux::from)
                    .doOnNext(DataBufferUtils::release)
                    .then(Mono.error(failed));
        }
        // each chunk is flushed to the caller as it arrives: no buffering of the stream
        return super.writeAndFlushWith(Flux.from(body)
                .flatMap(Flux::from, 1)
                .doOnNext(b -> ctx.markFirstByte())
                .map(Flux::just));
    }
}
