package io.sovereign.gateway.pipeline;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.SignalType;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.Decision;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RECORD stage: one structured JSON line per request on the {@code gateway.request} logger. It names
 * who, what was decided and how it ended; it never contains prompt or completion text, keys or tokens.
 */
public class RequestRecorder {

    private static final Logger requests = LoggerFactory.getLogger("gateway.request");

    /** Called when a stage failed, before the error response is written. */
    public void failed(RequestContext ctx, Throwable error) {
    }

    public void record(ServerWebExchange exchange, RequestContext ctx, SignalType signal) {
        if (!requests.isInfoEnabled()) {
            return;
        }
        requests.info(line(exchange, ctx, signal).toString());
    }

    protected ObjectNode line(ServerWebExchange exchange, RequestContext ctx, SignalType signal) {
        ObjectNode line = RequestParser.JSON.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("request_id", ctx.requestId());
        line.put("method", exchange.getRequest().getMethod().name());
        line.put("path", exchange.getRequest().getPath().value());
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        line.put("status", signal == SignalType.CANCEL ? 499 : status == null ? 200 : status.value());
        line.put("latency_ms", (System.nanoTime() - ctx.startNanos()) / 1_000_000.0);
        GatewayPrincipal p = ctx.principal();
        if (p != null) {
            line.put("user", p.user());
            line.put("team", p.team());
            line.put("auth", p.method().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (ctx.request() != null) {
            line.put("endpoint", ctx.request().endpoint().id());
            line.put("requested_model", ctx.request().model());
        }
        Decision d = ctx.decision();
        if (d != null) {
            line.put("rule", d.rule());
            line.put("level", d.level().wire());
            line.putPOJO("detectors", d.detectors());
            line.put("target", ctx.servedTarget());
            line.put("model", d.upstreamModel());
            line.put("policy_revision", d.revision());
            if (!d.notes().isEmpty()) {
                line.putPOJO("notes", d.notes());
            }
        }
        if (ctx.fallbackReason() != null) {
            line.put("fallback", ctx.fallbackReason());
        }
        RequestContext.Usage u = ctx.usage();
        if (u != null) {
            line.put("input_tokens", u.inputTokens());
            line.put("output_tokens", u.outputTokens());
            line.put("cost_micro_usd", u.costMicros());
        }
        return line;
    }

    static String errorCode(Throwable t) {
        return t instanceof GatewayError g ? g.code() : "internal_error";
    }
}
