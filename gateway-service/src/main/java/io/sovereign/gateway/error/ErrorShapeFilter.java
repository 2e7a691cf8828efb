package io.sovereign.gateway.error;

import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives error answers that other components render themselves (Spring Security's 401 and 403) the shape of the
 * path's API, through {@link ErrorResponses#reshape}: an Anthropic client of {@code /v1/messages} reads
 * {@code authentication_error}, not an OpenAI body it cannot parse. Only those paths are decorated, and only a
 * JSON error answer is touched; the gateway's own errors are already rendered in the right shape and pass unchanged.
 * Runs after the pipeline's entry filter (whose own error rendering bypasses this decorator) and before security.
 */
public final class ErrorShapeFilter implements WebFilter, Ordered {

    /** After PipelineEntryFilter (HIGHEST_PRECEDENCE) and the pipeline's authentication (+1), before Spring Security. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (ErrorResponses.shapeFor(path) == ErrorResponses.Shape.OPENAI) {
            return chain.filter(exchange);
        }
        ServerHttpResponse original = exchange.getResponse();
        ServerHttpResponseDecorator reshaping = new ServerHttpResponseDecorator(original) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                HttpStatusCode status = getStatusCode();
                MediaType type = getHeaders().getContentType();
                if (status == null
                        || status.value() < 400
                        || type == null
                        || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                    return super.writeWith(body);
                }
                return DataBufferUtils.join(body).flatMap(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    byte[] shaped = ErrorResponses.reshape(path, status.value(), bytes);
                    getHeaders().setContentLength(shaped.length);
                    return super.writeWith(Mono.just(bufferFactory().wrap(shaped)));
                });
            }
        };
        return chain.filter(exchange.mutate().response(reshaping).build());
    }
}
