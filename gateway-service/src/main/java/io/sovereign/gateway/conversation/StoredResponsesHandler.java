package io.sovereign.gateway.conversation;

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.store.StoreUnavailableException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/responses/{id}} and {@code DELETE /v1/responses/{id}} over the {@link ResponseStore}, as the
 * OpenAI API answers them: the stored response object; {@code {"id","object":"response","deleted":true}}; and for
 * an id that is unknown, expired, deleted or another caller's, the same 404 (never a 403 that would confirm the id
 * exists).
 */
public final class StoredResponsesHandler {

    private final ResponseStore store;

    public StoredResponsesHandler(ResponseStore store) {
        this.store = store;
    }

    public Mono<ServerResponse> retrieve(ServerRequest request) {
        String id = request.pathVariable("id");
        return owner(request)
                .flatMap(owner -> Mono.fromFuture(() -> store.get(owner, id)))
                .onErrorMap(StoreUnavailableException.class, StoredResponsesHandler::unavailable)
                .flatMap(found -> found.isPresent()
                        ? ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(StoredResponseCodec.JSON.writeValueAsBytes(
                                        found.get().response()))
                        : Mono.error(notFound(id)));
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        String id = request.pathVariable("id");
        return owner(request)
                .flatMap(owner -> Mono.fromFuture(() -> store.delete(owner, id)))
                .onErrorMap(StoreUnavailableException.class, StoredResponsesHandler::unavailable)
                .flatMap(deleted -> {
                    if (!deleted) {
                        return Mono.error(notFound(id));
                    }
                    ObjectNode body = StoredResponseCodec.JSON
                            .createObjectNode()
                            .put("id", id)
                            .put("object", "response")
                            .put("deleted", true);
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(StoredResponseCodec.JSON.writeValueAsBytes(body));
                });
    }

    /** The caller, as AUTHENTICATE found them. */
    static Mono<ResponseOwner> owner(ServerRequest request) {
        return RequestContext.caller(request.exchange())
                .map(p -> new ResponseOwner(p.user(), p.team()))
                .switchIfEmpty(Mono.error(() -> new GatewayError.Unauthenticated(
                        "invalid_api_key",
                        "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.")));
    }

    /** OpenAI's answer for an id it does not have (type invalid_request_error, no code). */
    static GatewayError notFound(String id) {
        String shown = id.length() > 128 ? id.substring(0, 128) + "..." : id;
        return new GatewayError.NotFound(null, "Response with id '" + shown + "' not found.", null);
    }

    private static GatewayError unavailable(Throwable e) {
        return new GatewayError.Unavailable("conversation_store_unavailable", e.getMessage());
    }

    /** For tests and the POST wiring: the store this handler reads. */
    public ResponseStore store() {
        return store;
    }
}
