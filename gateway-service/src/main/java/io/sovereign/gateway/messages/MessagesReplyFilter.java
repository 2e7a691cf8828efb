package io.sovereign.gateway.messages;

import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.Stage;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.stream.ResponseStreamFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * For a Messages request, hands the stream processor its translator ({@link MessagesStreamHandler}), chosen by
 * the canonical request's {@code api}. Runs with SETTLE's order: the processor asks for the translator only when
 * an answer arrives, so any point after PARSE is early enough. The reply options come from the request's
 * {@link MessagesCodec}.
 */
public final class MessagesReplyFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return Stage.SETTLE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        if (ctx.request() != null
                && ctx.request().api() == Api.MESSAGES
                && ctx.request().codec() instanceof MessagesCodec codec) {
            ResponseStreamFilter.translateWith(exchange, new MessagesStreamHandler(codec.reply(), ctx::promptTokens));
        }
        return chain.filter(exchange);
    }
}
