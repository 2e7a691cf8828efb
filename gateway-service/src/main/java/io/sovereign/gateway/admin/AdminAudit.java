package io.sovereign.gateway.admin;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.auth.PrincipalAuthentication;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * One audit line per admin call (explain as another user, spend reads, policy reads), on the same
 * {@code gateway.audit} logger as request lines, with {@code "kind":"admin"}: who asked, as whom, for what, and
 * the answer's status. Calls refused for a missing role are audited too ({@link #denied}). Never a body.
 */
public final class AdminAudit {

    private static final Logger audit = LoggerFactory.getLogger("gateway.audit");
    /** Query parameters worth keeping (what was asked), each capped; others are not recorded. */
    private static final Map<String, String> PARAMS =
            Map.of("user", "as_user", "team", "as_team", "month", "month", "format", "format", "endpoint", "endpoint");

    private static final int MAX_VALUE_CHARS = 128;

    private AdminAudit() {}

    /** Wraps every admin handler: the line is written when the answer (or the error) is known. */
    public static Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        long started = System.nanoTime();
        return request.principal()
                .map(AdminAudit::principal)
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> Mono.defer(() -> next.handle(request))
                        .doOnNext(response ->
                                write(request, caller, response.statusCode().value(), started, null))
                        .doOnError(error -> write(request, caller, statusOf(error), started, error)));
    }

    /** A call to /admin refused before any handler ran (the caller lacks the role); other paths are not admin calls. */
    public static void denied(
            String method, String path, MultiValueMap<String, String> query, GatewayPrincipal caller, int status) {
        if (path.startsWith("/admin") && audit.isInfoEnabled()) {
            audit.info(
                    line(method, path, query, caller, status, 0, "missing_role").toString());
        }
    }

    private static Optional<GatewayPrincipal> principal(Principal principal) {
        return principal instanceof PrincipalAuthentication p ? Optional.of(p.principal()) : Optional.empty();
    }

    private static int statusOf(Throwable error) {
        return error instanceof GatewayError g ? g.status().value() : 500;
    }

    private static void write(
            ServerRequest request, Optional<GatewayPrincipal> caller, int status, long started, Throwable error) {
        if (!audit.isInfoEnabled()) {
            return;
        }
        String code = error instanceof GatewayError g ? g.code() : error == null ? null : "internal_error";
        audit.info(line(
                        request.method().name(),
                        request.path(),
                        request.queryParams(),
                        caller.orElse(null),
                        status,
                        System.nanoTime() - started,
                        code)
                .toString());
    }

    static ObjectNode line(
            String method,
            String path,
            MultiValueMap<String, String> query,
            GatewayPrincipal caller,
            int status,
            long nanos,
            String error) {
        ObjectNode line = RequestParser.JSON.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("kind", "admin");
        line.put("audit_id", UUID.randomUUID().toString());
        line.put("method", method);
        line.put("path", path);
        line.put("action", action(method, path));
        line.put("status", status);
        line.put("latency_ms", Math.round(nanos / 10_000.0) / 100.0);
        if (error != null) {
            line.put("error", error);
        }
        if (caller != null) {
            line.put("user", caller.user());
            line.put("team", caller.team());
            line.put("auth", caller.method().name().toLowerCase(Locale.ROOT));
        }
        PARAMS.forEach((param, field) -> {
            List<String> values = query.get(param);
            if (values != null && !values.isEmpty() && values.get(0) != null) {
                String v = values.get(0);
                line.put(field, v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) : v);
            }
        });
        return line;
    }

    /** A stable name for what the call does, for grepping the audit trail. */
    static String action(String method, String path) {
        if (path.startsWith("/admin/policy/explain")) {
            return "policy.explain";
        }
        if (path.startsWith("/admin/spend")) {
            return "spend.read";
        }
        if (path.startsWith("/admin/decisions")) {
            return "decision.read";
        }
        if (path.startsWith("/admin/policy")) {
            return "policy.read";
        }
        return method.toLowerCase(Locale.ROOT) + " " + path;
    }
}
