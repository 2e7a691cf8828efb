package io.sovereign.gateway.pipeline;

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

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.Endpoint;
import io.sovereign.gateway.openai.RequestParser;

/**
 * PARSE: reads the body once (bounded by the configured limit) and validates it into a typed request.
 * The bytes are not kept: FORWARD serialises the (possibly rewritten) tree for the chosen target.
 */
public final class ParseFilter implements GlobalFilter, Ordered {

    private final int maxBodyBytes;

    public ParseFilter(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public int getOrder() {
        return Stage.PARSE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        Endpoint endpoint = path.endsWith(Endpoint.EMBEDDINGS.path()) ? Endpoint.EMBEDDINGS : Endpoint.CHAT_COMPLETIONS;
        if (request.getMethod() != HttpMethod.POST) {
            return Mono.error(new GatewayError.MethodNotAllowed("Use POST for " + path + "."));
        }
        MediaType type = request.getHeaders().getContentType();
        if (type == null || !(type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()))) {
            return Mono.error(new GatewayError.UnsupportedMediaType(type == null ? "(none)" : type.toString()));
        }
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBodyBytes) {
            return Mono.error(new GatewayError.PayloadTooLarge(maxBodyBytes));
        }
        return DataBufferUtils.join(request.getBody(), maxBodyBytes)
                .map(ParseFilter::drain)
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> {
                    RequestContext.of(exchange).request(RequestParser.parse(endpoint, bytes));
                    return chain.filter(exchange);
                });
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
