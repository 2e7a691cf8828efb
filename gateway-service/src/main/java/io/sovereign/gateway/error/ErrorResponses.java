package io.sovereign.gateway.error;

import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * Turns any failure into an error response in the caller's API shape: one place, never a stack trace or whitelabel
 * page. The shape follows the path ({@link #shapeFor}): Anthropic's {@code {"type":"error","error":{"type","message"}}}
 * for the Messages API, OpenAI's {@code {"error":{"message","type","code","param"}}} everywhere else; status and
 * message are the same in both.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    /** Maps framework exceptions to the gateway's errors; anything unknown is a bug and becomes a 500. */
    public static GatewayError toGatewayError(Throwable t, String requestId, long maxBodyBytes) {
        if (t instanceof GatewayError g) {
            return g;
        }
        if (t instanceof org.springframework.security.authentication.AuthenticationServiceException) {
            return new GatewayError.Unavailable(
                    "auth_unavailable",
                    "The gateway cannot verify tokens right now (the identity"
                            + " provider's signing keys are unavailable); retry shortly or use a service API key.");
        }
        if (t instanceof io.netty.handler.timeout.ReadTimeoutException
                || t.getClass()
                        .getName()
                        .equals("reactor.netty.http.server.RequestTimeoutException")) { // package-private in Reactor
            // Netty
            return new GatewayError.RequestTimeout(
                    "The request body arrived too slowly (a pause longer than the gateway's read"
                            + " timeout, or longer in all than its request timeout); the connection was closed.");
        }
        if (t instanceof DataBufferLimitException) {
            return new GatewayError.PayloadTooLarge(maxBodyBytes);
        }
        if (t instanceof MethodNotAllowedException e) {
            return new GatewayError.MethodNotAllowed(
                    "Method " + e.getHttpMethod() + " is not allowed here; use " + e.getSupportedMethods() + ".");
        }
        if (t instanceof UnsupportedMediaTypeStatusException e) {
            return new GatewayError.UnsupportedMediaType(String.valueOf(e.getContentType()));
        }
        if (t instanceof ResponseStatusException e) {
            HttpStatusCode status = e.getStatusCode();
            if (status.value() == 404) {
                return new GatewayError.NotFound(
                        "not_found",
                        "Unknown path. The gateway serves POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, "
                                + "POST /v1/embeddings, GET /v1/models, GET and DELETE /v1/responses/{id} and "
                                + "POST /v1/messages/count_tokens.",
                        null);
            }
            if (status.value() == 405) {
                return new GatewayError.MethodNotAllowed("This method is not allowed on this path.");
            }
            if (status.value() == 413) {
                return new GatewayError.PayloadTooLarge(maxBodyBytes);
            }
            if (status.value() == 415) {
                return new GatewayError.UnsupportedMediaType("unknown");
            }
            if (status.value() == 504 || e.getCause() instanceof TimeoutException) {
                return new GatewayError.UpstreamTimeout("The target did not answer in time.");
            }
            if (status.is4xxClientError()) {
                return new GatewayError.InvalidRequest(e.getReason() == null ? "Bad request." : e.getReason(), null);
            }
        }
        if (callerWentAway(t)) {
            // the caller closed the connection (a client timeout, a load generator stopping): nothing to answer
            log.debug("request {}: the caller went away ({})", requestId, t.toString());
            return new GatewayError.Unavailable("client_closed", "The connection was closed by the caller.");
        }
        log.error("request {} failed unexpectedly", requestId, t);
        return new GatewayError.Internal(requestId);
    }

    /** The caller closed its connection (nothing to answer, and no fault of the gateway or the target). */
    public static boolean callerWentAway(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof reactor.netty.channel.AbortedException
                    || c instanceof java.nio.channels.ClosedChannelException
                    || c instanceof java.io.IOException
                            && c.getMessage() != null
                            && (c.getMessage().contains("Connection reset")
                                    || c.getMessage().contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    /** The OpenAI error code a failure is reported with, for the audit line. */
    public static String codeOf(Throwable t) {
        return t instanceof GatewayError g ? (g.code() == null ? g.type() : g.code()) : "internal_error";
    }

    public static Mono<Void> write(ServerWebExchange exchange, GatewayError error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // bytes already reached the caller (a stream broke); nothing can be said in the status line now
            return Mono.empty();
        }
        response.setStatusCode(error.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (error instanceof GatewayError.RateLimited limited) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        }
        if (error.status() == HttpStatus.UNAUTHORIZED && !headers.containsHeader(HttpHeaders.WWW_AUTHENTICATE)) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gateway\"");
        }
        byte[] body = body(exchange.getRequest().getPath().value(), error);
        headers.setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /** The error wire format a client of this path reads. */
    public enum Shape {
        OPENAI,
        ANTHROPIC
    }

    /** Anthropic's for {@code /v1/messages} and everything below it (count_tokens), OpenAI's for the rest. */
    public static Shape shapeFor(String path) {
        return path != null
                        && path.startsWith("/v1/messages")
                        && (path.length() == "/v1/messages".length() || path.charAt("/v1/messages".length()) == '/')
                ? Shape.ANTHROPIC
                : Shape.OPENAI;
    }

    /** The body of {@code error} for a request to {@code path}. */
    public static byte[] body(String path, GatewayError error) {
        return shapeFor(path) == Shape.ANTHROPIC
                ? AnthropicErrors.bytes(AnthropicErrors.body(error.status().value(), error.getMessage()))
                : ErrorBody.of(error);
    }

    /**
     * A target's error answer (OpenAI-shaped, or anything else it sent) in the shape a caller of {@code path}
     * expects: unchanged for OpenAI's APIs, Anthropic's error for the Messages API, keeping the target's message.
     */
    public static byte[] upstreamError(String path, int status, byte[] body) {
        return shapeFor(path) == Shape.ANTHROPIC
                ? AnthropicErrors.bytes(AnthropicErrors.fromOpenAi(status, body))
                : body;
    }
}
