package io.sovereign.gateway.responses;

import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.Stage;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.stream.ResponseStreamFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * After PARSE, for a Responses caller: hands each attempt's answer chain its last handler: the
 * {@link ResponsesPassthrough} for a target that speaks the Responses API natively, else the
 * {@link ResponsesTranslator} of the bridge, which says in {@value #DROPPED_HEADER} which hosted tools the bridged
 * call left out (never an error: the model answers without them; a native target runs them).
 * Runs at CLASSIFY's order: anywhere after PARSE will do, since the translator is read when the answer arrives.
 */
public final class ResponsesReplyFilter implements GlobalFilter, Ordered {

    public static final String DROPPED_HEADER = "x-gateway-dropped-tools";

    @Override
    public int getOrder() {
        return Stage.CLASSIFY.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.find(exchange);
        CanonicalRequest request = ctx == null ? null : ctx.request();
        if (request != null && request.api() == Api.RESPONSES && request.codec() instanceof ResponsesTurn turn) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            ResponseStreamFilter.translateWith(exchange, passthrough -> {
                // asked per attempt, before its answer is written: a native target runs the hosted tools itself
                if (passthrough) {
                    headers.remove(DROPPED_HEADER);
                    return new ResponsesPassthrough(turn);
                }
                if (turn.dropped() != null) {
                    headers.set(DROPPED_HEADER, turn.dropped());
                }
                return new ResponsesTranslator(turn);
            });
        }
        return chain.filter(exchange);
    }
}
