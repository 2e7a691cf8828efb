package io.sovereign.gateway.decisions;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/decisions/{request_id}} (any request, for admins) and {@code GET /v1/me/decisions/{request_id}}
 * (the caller's own only). Someone else's request answers exactly like an unknown one, a 404, so the employee
 * endpoint does not tell which request ids exist.
 */
public final class DecisionHandlers {

    /** Request ids are minted by the gateway as UUIDs; anything else cannot name one. */
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    private final DecisionStore store;
    private final DecisionRetention retention;

    public DecisionHandlers(DecisionStore store, DecisionRetention retention) {
        this.store = store;
        this.retention = retention;
    }

    public Mono<ServerResponse> admin(ServerRequest request) {
        String id = request.pathVariable("request_id");
        return lookup(id).flatMap(found -> found.isPresent() ? ok(found.get()) : Mono.error(notFound(id, false)));
    }

    public Mono<ServerResponse> mine(ServerRequest request) {
        String id = request.pathVariable("request_id");
        return RequestContext.caller(request.exchange()).flatMap(caller -> lookup(id)
                .flatMap(found -> found.isPresent() && owns(caller, found.get())
                        ? ok(found.get())
                        : Mono.error(notFound(id, true))));
    }

    /** The same user name, however they signed in (an API key and a Keycloak token of one person agree on it). */
    static boolean owns(GatewayPrincipal caller, DecisionRecord record) {
        return caller.user().equals(record.user());
    }

    private Mono<Optional<DecisionRecord>> lookup(String id) {
        if (!REQUEST_ID.matcher(id).matches()) {
            return Mono.error(new GatewayError.InvalidRequest(
                    "Invalid request id '" + (id.length() > 64 ? id.substring(0, 64) + "..." : id)
                            + "': use the x-request-id the gateway returned (a UUID).",
                    "request_id"));
        }
        return Mono.fromFuture(() -> store.find(id.toLowerCase(java.util.Locale.ROOT)))
                .onErrorMap(
                        StoreUnavailableException.class,
                        e -> new GatewayError.Unavailable(
                                "decision_store_unavailable",
                                "Decisions cannot be looked up right now: " + e.getMessage()));
    }

    private GatewayError notFound(String id, boolean own) {
        return new GatewayError.NotFound(
                "decision_not_found",
                "No decision recorded for request '" + id + "'"
                        + (own ? " of yours" : "") + ": the gateway keeps the last " + retention.maxEntries()
                        + " decisions for at most "
                        + retention.maxAge().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + " (gateway.decisions.*).",
                "request_id");
    }

    private static Mono<ServerResponse> ok(DecisionRecord record) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(RequestParser.JSON.writeValueAsBytes(record.toJson()));
    }
}
