package io.sovereign.gateway.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.metrics.FailureKind;
import io.sovereign.gateway.metrics.UpstreamObserver;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.Stage;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Sovereignty;
import io.sovereign.gateway.policy.Target;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * FORWARD: sends the request to the decided target through the {@link EgressGuard} (and so Spring Cloud Gateway's
 * routing filter). If the target is unavailable, unreachable, times out before the first byte, or answers 5xx/429
 * before anything reached the caller, the decision's fallback is tried once, through the guard again. Without one,
 * the caller gets 502/503/504 naming the target.
 */
public final class ForwardFilter implements GlobalFilter, Ordered {

    /** Kinds of upstream failure, as metric labels. */
    private final EgressGuard guard;

    private final TargetCircuits circuits;
    private final UpstreamObserver observer;

    public ForwardFilter(EgressGuard guard, TargetCircuits circuits, UpstreamObserver observer) {
        this.guard = guard;
        this.circuits = circuits;
        this.observer = observer;
    }

    @Override
    public int getOrder() {
        return Stage.FORWARD.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Decision d = ctx.decision();
        if (ctx.request().stream()) {
            return attempt(exchange, chain, ctx, d.target(), d.fallback(), EgressGuard.Path.DECIDED, null);
        }
        // a non-streamed answer is worth nothing to the caller until it is complete, but the target bills it all the
        // same: a caller who goes away must not cancel the call (and so its settlement). It runs detached, and
        // BUDGET bounds how long it may go on without anyone listening.
        return Mono.defer(() -> {
            java.util.concurrent.CompletableFuture<Void> call = attempt(
                            exchange, chain, ctx, d.target(), d.fallback(), EgressGuard.Path.DECIDED, null)
                    .toFuture();
            ctx.detachedCall(call);
            return Mono.fromFuture(call, true);
        });
    }

    private Mono<Void> attempt(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            RequestContext ctx,
            Target target,
            Target fallback,
            EgressGuard.Path path,
            String cause) {
        ctx.attempts().add(target.name());
        Sovereignty sovereignty = ctx.policy().sovereignty();
        Level level = ctx.decision().level();
        GatewayError refused = EgressGuard.refusal(sovereignty, level, target, path, cause);
        if (refused != null) {
            return Mono.error(
                    refused); // before the circuit or the body: nothing is prepared for a send that may not be
        }
        if (!target.available()) {
            return failover(
                    exchange,
                    chain,
                    ctx,
                    target,
                    fallback,
                    FailureKind.UNAVAILABLE,
                    new GatewayError.Unavailable(
                            "target_unavailable",
                            "Target '" + target.name() + "' is unavailable: " + target.unavailableReason() + "."));
        }
        CircuitBreaker circuit = circuits.of(target.name());
        if (!circuit.tryAcquirePermission()) {
            return failover(
                    exchange,
                    chain,
                    ctx,
                    target,
                    fallback,
                    FailureKind.UNAVAILABLE,
                    new GatewayError.Unavailable(
                            "target_unavailable",
                            "Target '" + target.name() + "' is unavailable: it failed"
                                    + " repeatedly and is being given a rest (circuit open); retry in a little while."));
        }
        io.sovereign.gateway.request.CanonicalRequest request = ctx.request();
        ctx.markUpstreamStart();
        long start = System.nanoTime();
        io.sovereign.gateway.request.TargetDialect dialect = dialectOf(target, request.api());
        byte[] body = request.encodeFor(dialect);
        ServerWebExchange upstream = new AttemptExchange(
                exchange.mutate()
                        .request(new UpstreamRequest(exchange.getRequest(), target, request.dialectFor(dialect), body))
                        .response(new UpstreamResponse(
                                exchange.getResponse(),
                                ctx,
                                fallback != null,
                                exchange.getRequest().getPath().value()))
                        .build(),
                exchange.getAttributes());
        return guard.send(upstream, chain, sovereignty, level, target, path, cause)
                .doOnSuccess(v -> circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .doOnCancel(circuit::releasePermission)
                .onErrorResume(e -> {
                    FailureKind kind = kind(e);
                    if (kind == null || io.sovereign.gateway.error.ErrorResponses.callerWentAway(e)) {
                        // a caller that went away says nothing about the target's health
                        circuit.releasePermission();
                        return Mono.error(e);
                    }
                    circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                    if (exchange.getResponse().isCommitted()) {
                        return Mono.error(e);
                    }
                    // this attempt's own routing state: its connection, and the headers it copied to the response
                    ServerWebExchangeUtils.reset(upstream);
                    return failover(exchange, chain, ctx, target, fallback, kind, error(target, kind, e));
                });
    }

    private Mono<Void> failover(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            RequestContext ctx,
            Target failed,
            Target fallback,
            FailureKind kind,
            GatewayError error) {
        observer.failed(failed, kind);
        if (fallback == null) {
            Level level = ctx.decision().level();
            Sovereignty sovereignty = ctx.policy().sovereignty();
            // fail closed, and say so: the external target that might be up is not an option for this data
            return Mono.error(
                    sovereignty.mayLeave(level)
                            ? error
                            : EgressGuard.withoutFallback(sovereignty, level, error.getMessage()));
        }
        observer.fellBack(failed, fallback, kind);
        ctx.fallbackReason("target '" + failed.name() + "' failed ("
                + kind.name().toLowerCase(java.util.Locale.ROOT) + "): " + error.getMessage());
        // the fallback is a new attempt with routing attributes of its own (AttemptExchange)
        return attempt(exchange, chain, ctx, fallback, null, EgressGuard.Path.FALLBACK, error.getMessage());
    }

    /** What encoding a request of {@code api} for {@code target} needs to know about it. */
    static io.sovereign.gateway.request.TargetDialect dialectOf(Target target, io.sovereign.gateway.request.Api api) {
        return new io.sovereign.gateway.request.TargetDialect(
                target.model(),
                target.embeddingModel(),
                target.profile()::apply,
                target.profile().outputCapParameter(),
                target.maxOutputTokens(),
                target.profile().drop(),
                target.passesThrough(api));
    }

    private static FailureKind kind(Throwable e) {
        if (e instanceof UpstreamStatusException) {
            return FailureKind.STATUS;
        }
        if (e instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504
                || e instanceof TimeoutException
                || e.getCause() instanceof TimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (e instanceof ConnectException
                || e instanceof PrematureCloseException
                || e instanceof IOException
                || e.getCause() instanceof ConnectException) {
            return FailureKind.CONNECT;
        }
        return null;
    }

    private GatewayError error(Target target, FailureKind kind, Throwable e) {
        return switch (kind) {
            case STATUS ->
                new GatewayError.UpstreamFailed(
                        "Target '" + target.name() + "' answered HTTP " + ((UpstreamStatusException) e).status() + ".");
            case TIMEOUT ->
                new GatewayError.UpstreamTimeout("Target '" + target.name() + "' did not answer within "
                        + guard.firstByteTimeout().toMillis() + " ms.");
            case CONNECT ->
                new GatewayError.UpstreamFailed("Could not reach target '" + target.name() + "' at "
                        + target.url().getRawAuthority() + ": " + e.getClass().getSimpleName() + ".");
            case UNAVAILABLE ->
                new GatewayError.Unavailable("target_unavailable", "Target '" + target.name() + "' is unavailable.");
        };
    }
}
