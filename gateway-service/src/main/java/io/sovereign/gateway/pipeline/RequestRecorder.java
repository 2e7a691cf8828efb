package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.error.ErrorResponses;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.metrics.GatewayMetrics;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.shadow.AuditFacts;
import io.sovereign.gateway.shadow.Shadow;
import io.sovereign.gateway.shadow.ShadowCost;
import io.sovereign.gateway.shadow.ShadowSide;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RECORD stage, run when an exchange completes: request metrics with bounded labels, and one JSON
 * audit line per request on the {@code gateway.audit} logger (its own rotated file; see logback-spring.xml)
 * and, for operators, the same line on {@code gateway.request} (console). Never prompt or completion
 * text, keys or tokens.
 */
public class RequestRecorder {

    private static final Logger audit = LoggerFactory.getLogger("gateway.audit");
    private static final Logger requests = LoggerFactory.getLogger("gateway.request");

    /** How long an audit line waits for its shadow comparison before it is written without one. */
    static final java.time.Duration SHADOW_WAIT = java.time.Duration.ofSeconds(5);

    private final GatewayMetrics metrics;
    private final java.util.function.Consumer<ObjectNode> decisions;
    private final Shadow shadow;

    public RequestRecorder(GatewayMetrics metrics) {
        this(metrics, line -> {});
    }

    /** {@code decisions}: receives each request's audit line (the decision lookup's store). */
    public RequestRecorder(GatewayMetrics metrics, java.util.function.Consumer<ObjectNode> decisions) {
        this(metrics, decisions, null);
    }

    /**
     * {@code shadow}: the candidate policy in shadow (or null); a request it compares gets its audit line once the
     * comparison is done, which is after the caller has the whole answer.
     */
    public RequestRecorder(GatewayMetrics metrics, java.util.function.Consumer<ObjectNode> decisions, Shadow shadow) {
        this.metrics = metrics;
        this.decisions = decisions;
        this.shadow = shadow;
    }

    private static final Logger log = LoggerFactory.getLogger(RequestRecorder.class);

    /** Called when a stage failed, before the error response is written; logged at the error's own level. */
    public void failed(RequestContext ctx, Throwable error) {
        ctx.errorCode(ErrorResponses.codeOf(error));
        if (error instanceof GatewayError g) {
            switch (g.logLevel()) {
                case WARN ->
                    log.warn("request {}: {} {}", ctx.requestId(), g.status().value(), g.getMessage());
                case INFO ->
                    log.info("request {}: {} {}", ctx.requestId(), g.status().value(), g.code());
                default ->
                    log.debug("request {}: {} {}", ctx.requestId(), g.status().value(), g.code());
            }
        }
    }

    public void record(ServerWebExchange exchange, RequestContext ctx, SignalType signal) {
        if (!exchange.getRequest().getPath().value().startsWith("/v1/")) {
            return; // health checks, scrapes and admin calls are not traffic
        }
        int status = status(exchange, signal);
        long nanos = System.nanoTime() - ctx.startNanos();
        Decision d = ctx.decision();
        GatewayPrincipal p = ctx.principal();
        String team = p == null ? "none" : p.team();
        String target = ctx.servedTarget() == null ? "none" : ctx.servedTarget();
        String endpoint = ctx.request() == null
                ? "other"
                : io.sovereign.gateway.request.Endpoint.of(ctx.request().dialect())
                        .id();
        String model = servedModel(ctx);
        String api = api(exchange, ctx);
        metrics.counter(
                        "gateway.requests",
                        "team",
                        team,
                        "target",
                        target,
                        "model",
                        model,
                        "rule",
                        d == null ? "none" : d.rule(),
                        "level",
                        d == null ? "none" : d.level().wire(),
                        "status",
                        Integer.toString(status),
                        "endpoint",
                        endpoint,
                        "api",
                        api)
                .increment();
        metrics.timer("gateway.request.duration", "target", target, "endpoint", endpoint, "api", api)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (ctx.firstByteNanos() != 0) {
            metrics.timer("gateway.upstream.duration", "target", target)
                    .record(ctx.firstByteNanos() - ctx.upstreamStartNanos(), TimeUnit.NANOSECONDS);
            if (ctx.request() != null && ctx.request().stream()) {
                metrics.timer("gateway.time.to.first.token", "target", target)
                        .record(ctx.firstByteNanos() - ctx.startNanos(), TimeUnit.NANOSECONDS);
            }
        }
        RequestContext.Usage u = ctx.usage();
        if (u != null && d != null) {
            metrics.counter("gateway.tokens", "team", team, "target", target, "model", model, "kind", "input")
                    .increment(u.inputTokens());
            metrics.counter("gateway.tokens", "team", team, "target", target, "model", model, "kind", "output")
                    .increment(u.outputTokens());
            metrics.counter("gateway.cost.micro.usd", "team", team, "target", target, "model", model)
                    .increment(u.costMicros());
            metrics.counter("gateway.alternative.cost.micro.usd", "team", team, "target", target, "model", model)
                    .increment(u.alternativeCostMicros());
        }
        ObjectNode fields = line(exchange, ctx, status, nanos);
        Shadow.Input compared = shadow == null ? null : shadowInput(ctx);
        CompletableFuture<Shadow.Outcome> shadowed = compared == null ? null : shadow.evaluate(compared);
        if (shadowed == null) {
            write(fields, ctx);
            return;
        }
        shadowed.orTimeout(SHADOW_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((outcome, error) -> {
            if (outcome != null) {
                AuditFacts.writeShadow(fields, outcome);
            } else {
                fields.put(AuditFacts.SHADOW_DROPPED, true);
            }
            write(fields, ctx);
        });
    }

    private void write(ObjectNode fields, RequestContext ctx) {
        if (ctx.usage() == null) { // what the replay prices a request by that got no answer
            CanonicalRequest r =
                    ctx.request() != null && ctx.request().tokens().counted() ? ctx.request() : ctx.callerRequest();
            if (r != null && r.tokens().counted()) {
                fields.put(AuditFacts.PROMPT_TOKENS, r.promptTokens(segments -> 0));
            }
        }
        decisions.accept(fields);
        if (audit.isInfoEnabled() || requests.isInfoEnabled()) {
            String line = fields.toString();
            audit.info(line);
            requests.info(line);
        }
    }

    /** What the shadow compares: the caller's request, its classification and the live verdict (null: nothing). */
    private static Shadow.Input shadowInput(RequestContext ctx) {
        if (ctx.classification() == null || ctx.callerRequest() == null) {
            return null; // refused before classification: nothing the candidate could decide differently
        }
        RequestContext.Usage u = ctx.usage();
        return new Shadow.Input(
                ctx.requestId(),
                ctx.principal(),
                ctx.callerRequest(),
                ctx.classification(),
                ctx.adjudication(),
                ctx.policy(),
                u == null ? null : new ShadowCost.Tokens(u.inputTokens(), u.cachedInputTokens(), u.outputTokens()),
                u == null ? 0 : u.costMicros());
    }

    /** The model that answered: the fallback's, when the decided target failed. */
    static String servedModel(RequestContext ctx) {
        Decision d = ctx.decision();
        if (d == null) {
            return "none";
        }
        var served = ctx.policy().target(ctx.servedTarget());
        if (served == null) {
            return d.upstreamModel() == null ? "none" : d.upstreamModel();
        }
        return !ctx.request().generates() ? served.embeddingModel() : served.model();
    }

    private static int status(ServerWebExchange exchange, SignalType signal) {
        if (signal == SignalType.CANCEL) {
            return 499; // the caller went away
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null ? 200 : status.value();
    }

    static ObjectNode line(ServerWebExchange exchange, RequestContext ctx, int status, long nanos) {
        ObjectNode line = RequestParser.JSON.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("request_id", ctx.requestId());
        if (ctx.clientRequestId() != null) {
            line.put("client_request_id", ctx.clientRequestId());
        }
        line.put("method", exchange.getRequest().getMethod().name());
        line.put("path", exchange.getRequest().getPath().value());
        line.put("status", status);
        line.put("latency_ms", Math.round(nanos / 10_000.0) / 100.0);
        if (ctx.errorCode() != null) {
            line.put("error", ctx.errorCode());
        }
        GatewayPrincipal p = ctx.principal();
        if (p != null) {
            line.put("user", p.user());
            line.put("team", p.team());
            line.put("auth", p.method().name().toLowerCase(Locale.ROOT));
            line.putPOJO(AuditFacts.GROUPS, new java.util.TreeSet<>(p.groups()));
            line.putPOJO(AuditFacts.ROLES, new java.util.TreeSet<>(p.roles()));
        }
        if (ctx.request() != null) {
            line.put("api", ctx.request().api().id());
            line.put(
                    "endpoint",
                    io.sovereign.gateway.request.Endpoint.of(ctx.request().dialect())
                            .id());
            line.put("requested_model", ctx.request().model());
            line.put("stream", ctx.request().stream());
        }
        Decision d = ctx.decision();
        if (d != null) {
            line.put("rule", d.rule());
            line.put("action", d.kind().name().toLowerCase(Locale.ROOT));
            line.put("level", d.level().wire());
            line.putPOJO("detectors", d.detectors());
            line.put("target", ctx.servedTarget());
            line.put("model", servedModel(ctx));
            if (!d.notes().isEmpty()) {
                line.putPOJO("notes", d.notes());
            }
        }
        if (ctx.policy() != null) {
            line.put("policy_revision", ctx.policy().revision());
        }
        Classification c = ctx.classification();
        if (c != null && ctx.policy() != null) { // the facts policy diff replays
            AuditFacts.writeClassification(line, c, ctx.policy());
            AuditFacts.writeDecided(line, ShadowSide.of(ctx.adjudication(), c.level()));
        }
        if (ctx.fallbackReason() != null) {
            line.put("fallback", ctx.fallbackReason());
        }
        RequestContext.Usage u = ctx.usage();
        if (u != null) {
            line.put("input_tokens", u.inputTokens());
            line.put(AuditFacts.CACHED_INPUT_TOKENS, u.cachedInputTokens());
            line.put("output_tokens", u.outputTokens());
            line.put("cost_micro_usd", u.costMicros());
            line.put("alternative_cost_micro_usd", u.alternativeCostMicros());
        }
        return line;
    }

    /**
     * The API the caller spoke ({@code request.Api} ids), from the parsed request, else (refused before or at PARSE)
     * from the path; {@code other} for anything else, so the label stays bounded.
     */
    static String api(ServerWebExchange exchange, RequestContext ctx) {
        if (ctx.request() != null) {
            return ctx.request().api().id();
        }
        String path = exchange.getRequest().getPath().value();
        for (io.sovereign.gateway.request.Api a : io.sovereign.gateway.request.Api.values()) {
            String base =
                    switch (a) {
                        case CHAT -> "/v1/chat/completions";
                        case RESPONSES -> "/v1/responses";
                        case MESSAGES -> "/v1/messages";
                        case EMBEDDINGS -> "/v1/embeddings";
                    };
            if (path.equals(base) || path.startsWith(base + "/")) {
                return a.id();
            }
        }
        return "other";
    }
}
