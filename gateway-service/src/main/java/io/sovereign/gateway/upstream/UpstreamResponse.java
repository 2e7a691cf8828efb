package io.sovereign.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.error.ErrorBody;
import io.sovereign.gateway.pipeline.RequestContext;

/**
 * Sits between Spring Cloud Gateway's response writer and the caller. A failover-able status (5xx, or
 * 429 when a fallback exists) is turned into an error BEFORE anything is written, so FORWARD can try the
 * fallback; everything else streams through as it arrives, with an idle timeout between chunks.
 */
final class UpstreamResponse extends ServerHttpResponseDecorator {

    private final RequestContext ctx;
    private final String targetName;
    private final boolean hasFallback;
    private final Duration idleTimeout;

    UpstreamResponse(ServerHttpResponse delegate, RequestContext ctx, String targetName, boolean hasFallback,
                     Duration idleTimeout) {
        super(delegate);
        this.ctx = ctx;
        this.targetName = targetName;
        this.hasFallback = hasFallback;
        this.idleTimeout = idleTimeout;
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
        return super.writeWith(observe(Flux.from(body), false));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        UpstreamStatusException failed = failover();
        if (failed != null) {
            return Flux.from(body).flatMap(Flux::from).doOnNext(DataBufferUtils::release).then(Mono.error(failed));
        }
        // each upstream chunk is flushed to the caller as it arrives: no buffering of the stream
        return super.writeAndFlushWith(observe(Flux.from(body).flatMap(Flux::from, 1), true).map(Flux::just));
    }

    private Flux<DataBuffer> observe(Flux<? extends DataBuffer> body, boolean stream) {
        Flux<DataBuffer> timed = body.<DataBuffer>map(b -> b)
                .doOnNext(b -> ctx.markFirstByte())
                .timeout(idleTimeout);
        if (stream) {
            // the status line is gone; the caller learns of the stall in the stream itself, the way OpenAI reports errors
            timed = timed.onErrorResume(TimeoutException.class, e -> Flux.just(bufferFactory().wrap(
                    ("data: " + new String(ErrorBody.of("Target '" + targetName + "' sent nothing for "
                            + idleTimeout.toSeconds() + " s; the stream was closed by the gateway.", "api_error",
                            "upstream_idle_timeout", null), StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8))));
        }
        return timed;
    }
}
