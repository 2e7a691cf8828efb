package io.sovereign.gateway.upstream;

import io.sovereign.gateway.error.ErrorResponses;
import io.sovereign.gateway.pipeline.ParseFilter;
import io.sovereign.gateway.pipeline.RequestContext;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sits between the response-stream processor and the caller. A failover-able status (5xx, or 429 when a
 * fallback exists) is turned into an error BEFORE anything is written, so FORWARD can try the fallback;
 * everything else streams through as it arrives (the idle timeout is the processor's, stream.ProcessedResponse).
 * A target's own error answer that is passed on (a 4xx, a 429 without fallback) reaches the caller in the
 * shape of the caller's API: a Messages client reads Anthropic's error, not the chat target's.
 */
final class UpstreamResponse extends ServerHttpResponseDecorator {

    /** Bound on a target's error answer read for reshaping (they are a few hundred bytes). */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final RequestContext ctx;
    private final boolean hasFallback;
    private final String callerPath;

    UpstreamResponse(ServerHttpResponse delegate, RequestContext ctx, boolean hasFallback, String callerPath) {
        super(delegate);
        this.ctx = ctx;
        this.hasFallback = hasFallback;
        this.callerPath = callerPath;
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
        if (reshapesError()) {
            return reshapedError(Flux.from(body));
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
        if (reshapesError()) {
            return reshapedError(Flux.from(body).flatMap(Flux::from));
        }
        // each chunk is flushed to the caller as it arrives: no buffering of the stream
        return super.writeAndFlushWith(Flux.from(body)
                .flatMap(Flux::from, 1)
                .doOnNext(b -> ctx.markFirstByte())
                .map(Flux::just));
    }

    /** An error answer of the target that the caller's API shapes differently (only Messages does today). */
    private boolean reshapesError() {
        HttpStatusCode status = getStatusCode();
        return status != null && status.isError() && ErrorResponses.shapeFor(callerPath) != ErrorResponses.Shape.OPENAI;
    }

    private Mono<Void> reshapedError(Flux<? extends DataBuffer> body) {
        int status = getStatusCode().value();
        return DataBufferUtils.join(body.doOnNext(b -> ctx.markFirstByte()), MAX_ERROR_BODY)
                .map(ParseFilter::drain)
                // an error body beyond the bound is not read further: the caller still gets a valid error
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(new byte[0]))
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> {
                    byte[] shaped = ErrorResponses.upstreamError(callerPath, status, bytes);
                    getHeaders().setContentType(MediaType.APPLICATION_JSON);
                    getHeaders().setContentLength(shaped.length);
                    return super.writeWith(Mono.just(bufferFactory().wrap(shaped)));
                });
    }
}
