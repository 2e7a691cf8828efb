package io.sovereign.gateway.request;

import io.sovereign.gateway.auth.GatewayPrincipal;
import java.util.concurrent.CompletableFuture;

/**
 * One API the gateway speaks to its callers (chat completions, embeddings; Responses and Anthropic Messages next).
 * It turns the caller's wire body into a {@link CanonicalRequest} once, and says in which shape its callers expect
 * errors. See {@code package-info} for how a new front-end plugs in.
 */
public interface FrontEnd {

    Api api();

    /** The path callers send this API's requests to, e.g. {@code /v1/chat/completions}. */
    String path();

    /**
     * Parses and validates the caller's body. Bad input throws an {@code io.sovereign.gateway.error.GatewayError}
     * (400, naming the parameter and what is expected), rendered in the shape of the API's callers.
     */
    CanonicalRequest parse(byte[] body);

    /**
     * Parses for a known caller: what PARSE calls. A front-end that continues state the gateway keeps for that
     * caller (Responses' {@code previous_response_id} and item references, read from a store) overrides this; the
     * future fails with the same errors {@link #parse(byte[])} throws.
     */
    default CompletableFuture<CanonicalRequest> parse(byte[] body, GatewayPrincipal caller) {
        return CompletableFuture.completedFuture(parse(body));
    }
}
