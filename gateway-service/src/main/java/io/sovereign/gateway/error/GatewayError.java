package io.sovereign.gateway.error;

import org.springframework.http.HttpStatus;

/**
 * Every failure the gateway reports to a caller, mapped in one place to an HTTP status, an OpenAI
 * error {@code type}/{@code code} and a log level. Messages say what refused and why; they never
 * carry prompt text, keys or tokens.
 */
public sealed class GatewayError extends RuntimeException {

    /** How loudly a failure is logged: caller mistakes are not operator problems. */
    public enum LogLevel {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    private final HttpStatus status;
    private final String type;
    private final String code;
    private final String param;
    private final LogLevel logLevel;

    private GatewayError(HttpStatus status, String type, String code, String param, String message, LogLevel logLevel) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.logLevel = logLevel;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    /** 400: the request body or parameters are wrong. */
    public static final class InvalidRequest extends GatewayError {
        public InvalidRequest(String message, String param) {
            this(message, param, null);
        }

        public InvalidRequest(String message, String param, String code) {
            super(HttpStatus.BAD_REQUEST, "invalid_request_error", code, param, message, LogLevel.DEBUG);
        }
    }

    /** 401: no credential, or one the gateway does not accept. */
    public static final class Unauthenticated extends GatewayError {
        public Unauthenticated(String code, String message) {
            super(HttpStatus.UNAUTHORIZED, "invalid_request_error", code, null, message, LogLevel.INFO);
        }
    }

    /** 403: the caller is known but not allowed (role missing, policy denies, data may not leave). */
    public static final class Forbidden extends GatewayError {
        public Forbidden(String code, String message) {
            super(HttpStatus.FORBIDDEN, "permission_error", code, null, message, LogLevel.INFO);
        }
    }

    /** 404: unknown model or path. */
    public static final class NotFound extends GatewayError {
        public NotFound(String code, String message, String param) {
            super(HttpStatus.NOT_FOUND, "invalid_request_error", code, param, message, LogLevel.DEBUG);
        }
    }

    /** 405: the path exists but not with this method. */
    public static final class MethodNotAllowed extends GatewayError {
        public MethodNotAllowed(String message) {
            super(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "invalid_request_error",
                    "method_not_allowed",
                    null,
                    message,
                    LogLevel.DEBUG);
        }
    }

    /** 408: the caller sent its request too slowly (gateway.server read and request timeouts). */
    public static final class RequestTimeout extends GatewayError {
        public RequestTimeout(String message) {
            super(HttpStatus.REQUEST_TIMEOUT, "invalid_request_error", "request_timeout", null, message, LogLevel.INFO);
        }
    }

    /** 413: the body is larger than the configured limit. */
    public static final class PayloadTooLarge extends GatewayError {
        public PayloadTooLarge(long limitBytes) {
            super(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "invalid_request_error",
                    "request_too_large",
                    null,
                    "Request body exceeds the gateway's limit of " + limitBytes + " bytes.",
                    LogLevel.INFO);
        }
    }

    /** 415: the body is not JSON. */
    public static final class UnsupportedMediaType extends GatewayError {
        public UnsupportedMediaType(String contentType) {
            super(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "invalid_request_error",
                    "unsupported_media_type",
                    null,
                    "Content-Type '" + contentType + "' is not supported; send 'application/json'.",
                    LogLevel.DEBUG);
        }
    }

    /** 429: a quota or budget refuses the request for now. */
    public static final class RateLimited extends GatewayError {
        private final long retryAfterSeconds;

        public RateLimited(String code, String message, long retryAfterSeconds) {
            super(
                    HttpStatus.TOO_MANY_REQUESTS,
                    code.equals("insufficient_quota") ? "insufficient_quota" : "requests",
                    code,
                    null,
                    message,
                    LogLevel.INFO);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** 502: the upstream answered with an error or could not be reached. */
    public static final class UpstreamFailed extends GatewayError {
        public UpstreamFailed(String message) {
            super(HttpStatus.BAD_GATEWAY, "api_error", "upstream_error", null, message, LogLevel.WARN);
        }
    }

    /** 503: the chosen target cannot be used (not configured, circuit open, store down, no safe fallback). */
    public static final class Unavailable extends GatewayError {
        public Unavailable(String code, String message) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "api_error", code, null, message, LogLevel.WARN);
        }
    }

    /** 504: the upstream did not answer in time. */
    public static final class UpstreamTimeout extends GatewayError {
        public UpstreamTimeout(String message) {
            super(HttpStatus.GATEWAY_TIMEOUT, "api_error", "upstream_timeout", null, message, LogLevel.WARN);
        }
    }

    /** 500: a bug. The message to the caller is generic; the cause is logged with the request id. */
    public static final class Internal extends GatewayError {
        public Internal(String requestId) {
            super(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "api_error",
                    "internal_error",
                    null,
                    "The gateway failed to process the request; quote request id " + requestId + " to the operators.",
                    LogLevel.ERROR);
        }
    }
}
