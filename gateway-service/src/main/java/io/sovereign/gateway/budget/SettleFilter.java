package io.sovereign.gateway.budget;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.openai.UsageTap;
import io.sovereign.gateway.pipeline.ParseFilter;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.Stage;
import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.quota.TokenCounter;

/**
 * SETTLE: reads the usage from the target's answer as it streams through and settles the reservation with
 * it when the answer ends. A stream that breaks, or a caller that disconnects mid-stream, is charged for what
 * was generated (counted with the tokenizer) rather than nothing; a non-streamed answer is settled as soon as
 * it is complete, whether or not the caller is still there to receive it. The usage chunk the gateway asked for is
 * removed when the caller did not ask for it.
 */
public final class SettleFilter implements GlobalFilter, Ordered {

    private final Settler settler;
    private final TokenCounter tokens;

    public SettleFilter(Settler settler, TokenCounter tokens) {
        this.settler = settler;
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return Stage.SETTLE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        return chain.filter(exchange.mutate().response(new Tapped(exchange.getResponse(), ctx)).build());
    }

    /** The response as SETTLE sees it: only a successful answer is tapped; failures pass to FORWARD untouched. */
    private final class Tapped extends ServerHttpResponseDecorator {

        private final RequestContext ctx;

        Tapped(ServerHttpResponse delegate, RequestContext ctx) {
            super(delegate);
            this.ctx = ctx;
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
            UsageTap tap = new UsageTap(false, false);
            // the whole answer first, then settle and write at once: the charge does not depend on the caller
            // still being there to receive it (FORWARD keeps a non-streamed call alive when the caller leaves)
            return Flux.from(body).map(buffer -> tap.accept(ParseFilter.drain(buffer))).collectList()
                    .flatMap(chunks -> Mono.when(settle(tap), super.writeWith(Flux.fromIterable(chunks).map(this::wrap))
                            // the caller left: the answer was settled, there is nobody to give it to
                            .onErrorResume(io.sovereign.gateway.error.ErrorResponses::callerWentAway, e -> Mono.empty())));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            if (!success()) {
                return super.writeAndFlushWith(body);
            }
            boolean callerWantsUsage = ctx.request().includeUsage();
            UsageTap tap = new UsageTap(true, !callerWantsUsage);
            Flux<DataBuffer> events = tapped(Flux.from(body).concatMap(Flux::from), tap)
                    .concatWith(Mono.fromSupplier(() -> wrap(tap.finish())))
                    .filter(b -> b.readableByteCount() > 0);
            return super.writeAndFlushWith(events.map(Flux::just)).then(Mono.defer(() -> settle(tap)));
        }

        private Flux<DataBuffer> tapped(Flux<? extends DataBuffer> body, UsageTap tap) {
            return body.map(buffer -> wrap(tap.accept(ParseFilter.drain(buffer))))
                    // the caller went away or the target broke off: charge what was generated, not nothing
                    .doOnCancel(() -> settle(tap).subscribe())
                    .doOnError(e -> settle(tap).subscribe());
        }

        private DataBuffer wrap(byte[] bytes) {
            return bufferFactory().wrap(bytes);
        }

        private Mono<Void> settle(UsageTap tap) {
            tap.finish();
            Target served = ctx.policy().target(ctx.servedTarget());
            UsageTap.Usage u = tap.usage();
            long input = u != null ? u.promptTokens() : ctx.promptTokens();
            long cached = u != null ? u.cachedPromptTokens() : 0;
            long output = u != null ? u.completionTokens() : tokens.count(tap.generatedText());
            // never cancelled half-way: a settlement that started is written
            return Mono.fromFuture(() -> settler.settle(ctx, served, input, cached, output), true);
        }
    }
}
