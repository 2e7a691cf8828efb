package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.request.FrontEnd;
import io.sovereign.gateway.request.FrontEnds;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * PARSE: reads the body once (bounded by the configured limit) and hands it to the front-end of the path it came
 * in on, which parses it into the canonical request. The bytes are not kept: FORWARD encodes the (possibly
 * redacted) tree for the chosen target.
 */
public final class ParseFilter implements GlobalFilter, Ordered {

    private final int maxBodyBytes;
    private final FrontEnds frontEnds;

    public ParseFilter(int maxBodyBytes, FrontEnds frontEnds) {
        this.maxBodyBytes = maxBodyBytes;
        this.frontEnds = frontEnds;
    }

    @Override
    public int getOrder() {
        return Stage.PARSE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        FrontEnd frontEnd = frontEnds.forPath(path);
        if (request.getMethod() != HttpMethod.POST) {
            return Mono.error(new GatewayError.MethodNotAllowed("Use POST for " + path + "."));
        }
        MediaType type = request.getHeaders().getContentType();
        if (type == null
                || !(type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()))) {
            return Mono.error(new GatewayError.UnsupportedMediaType(type == null ? "(none)" : type.toString()));
        }
        long declared = request.getHeaders().getContentLength();
        long discardUpTo = DISCARD_FACTOR * maxBodyBytes;
        if (declared > discardUpTo) {
            return tooLargeToRead(exchange);
        }
        return request.getBody()
                .collect(() -> new Body(maxBodyBytes, discardUpTo), Body::add)
                .onErrorResume(BeyondDiscardBound.class, e -> tooLargeToRead(exchange))
                .flatMap(body -> {
                    if (body.tooLarge()) {
                        return Mono.error(new GatewayError.PayloadTooLarge(maxBodyBytes));
                    }
                    RequestContext ctx = RequestContext.of(exchange);
                    return Mono.defer(() -> Mono.fromFuture(frontEnd.parse(body.bytes(), ctx.principal())))
                            .onErrorMap(
                                    java.util.concurrent.CompletionException.class,
                                    e -> e.getCause() == null ? e : e.getCause())
                            .flatMap(parsed -> {
                                ctx.parsed(new StageResult.Parsed(parsed));
                                return chain.filter(exchange);
                            });
                });
    }

    /**
     * How far past the limit a body is read (and thrown away) before answering 413. SDKs send the whole body
     * without waiting for {@code Expect: 100-continue}; answering before it is read closes the connection on unread
     * bytes, which the caller sees as a reset ("connection error") instead of the 413.
     */
    static final long DISCARD_FACTOR = 8;

    /** Past the discard bound: answer now and close, rather than read (and throw away) without end. */
    private <T> Mono<T> tooLargeToRead(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(org.springframework.http.HttpHeaders.CONNECTION, "close");
        return Mono.error(new GatewayError.PayloadTooLarge(maxBodyBytes));
    }

    private static final class BeyondDiscardBound extends RuntimeException {
        BeyondDiscardBound() {
            super(null, null, false, false);
        }
    }

    /** The body as it arrives: kept up to the limit, then only counted (and released) up to the discard bound. */
    private static final class Body {
        private final int limit;
        private final long discardUpTo;
        private java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private long seen;

        Body(int limit, long discardUpTo) {
            this.limit = limit;
            this.discardUpTo = discardUpTo;
        }

        void add(DataBuffer buffer) {
            try {
                seen += buffer.readableByteCount();
                if (seen > discardUpTo) {
                    throw new BeyondDiscardBound(); // stop reading; far too large to wait for
                }
                if (seen <= limit) {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    kept.writeBytes(bytes);
                } else {
                    kept = null; // over the limit: nothing more is kept
                }
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        boolean tooLarge() {
            return seen > limit;
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }

    /** Copies a joined body out of its (pooled) buffer and releases it. */
    public static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
