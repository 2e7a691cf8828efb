package io.sovereign.gateway.auth.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Fetches an issuer's JWK set over HTTP without blocking: the {@code jwks_uri} comes from the configuration
 * or, on first use, from the issuer's OpenID discovery document (whose {@code issuer} must match exactly, and
 * whose {@code jwks_uri} must share the issuer's origin: a discovery document that points the gateway at keys
 * elsewhere would let whoever controls that place sign tokens). Responses are bounded to
 * {@link #MAX_DOCUMENT_BYTES} and redirects are not followed. Nothing is fetched until {@link #get()} is called.
 */
final class JwksEndpoint implements Supplier<CompletableFuture<JWKSet>> {

    /** A realm's JWKS is a few KB; a bigger answer is refused rather than buffered. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private final String issuer;
    private final HttpClient http;
    private final Duration timeout;
    private volatile URI jwksUri;

    JwksEndpoint(String issuer, URI configuredJwksUri, Duration timeout) {
        this.issuer = issuer;
        this.jwksUri = configuredJwksUri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could leave the issuer's origin
                .build();
    }

    /** The JWKS location if known, else the discovery document that will name it; for messages. */
    String location() {
        URI known = jwksUri;
        return known != null ? known.toString() : discoveryUri().toString();
    }

    @Override
    public CompletableFuture<JWKSet> get() {
        URI known = jwksUri;
        CompletableFuture<URI> uri = known != null ? CompletableFuture.completedFuture(known) : discover();
        return uri.thenCompose(this::fetchKeys);
    }

    private URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    private CompletableFuture<URI> discover() {
        URI discovery = discoveryUri();
        return getJson(discovery).thenApply(body -> {
            Map<String, Object> document = parseObject(discovery, body);
            Object announced = document.get("issuer");
            if (!issuer.equals(announced)) {
                throw new CompletionException(new IllegalStateException("the discovery document at " + discovery
                        + " announces issuer '" + announced + "', not the configured '" + issuer
                        + "' (check gateway.auth.oidc.issuer-uri and Keycloak's hostname setting)"));
            }
            Object location = document.get("jwks_uri");
            if (!(location instanceof String text) || text.isBlank()) {
                throw new CompletionException(new IllegalStateException(discovery + " names no jwks_uri"));
            }
            URI found;
            try {
                found = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new CompletionException(new IllegalStateException(discovery + " names an invalid jwks_uri"));
            }
            if (!sameOrigin(found, discovery)) {
                throw new CompletionException(new IllegalStateException("the discovery document at " + discovery
                        + " names jwks_uri " + found + ", which is not on the issuer's origin " + origin(discovery)
                        + "; refused (set gateway.auth.oidc.jwks-uri explicitly if the keys really live there)"));
            }
            jwksUri = found;
            return found;
        });
    }

    private CompletableFuture<JWKSet> fetchKeys(URI uri) {
        return getJson(uri).thenApply(body -> {
            try {
                return JWKSet.parse(body);
            } catch (ParseException e) {
                throw new CompletionException(new IllegalStateException(uri + " did not return a JWK set", e));
            }
        });
    }

    private CompletableFuture<String> getJson(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(
                        request,
                        info -> info.statusCode() == 200
                                ? new BoundedBody(
                                        uri,
                                        MAX_DOCUMENT_BYTES,
                                        info.headers()
                                                .firstValueAsLong("Content-Length")
                                                .orElse(-1))
                                : HttpResponse.BodySubscribers.replacing(""))
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new CompletionException(
                                new IllegalStateException("HTTP " + response.statusCode() + " from " + uri));
                    }
                    return response.body();
                });
    }

    static boolean sameOrigin(URI a, URI b) {
        return origin(a).equals(origin(b));
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    private static Map<String, Object> parseObject(URI uri, String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new CompletionException(new IllegalStateException(uri + " did not return a JSON object", e));
        }
    }
}
