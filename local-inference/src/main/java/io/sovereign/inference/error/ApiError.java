package io.sovereign.inference.error;

import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every refusal the API gives, mapped in one place to an HTTP status and an OpenAI-shaped body
 * {@code {"error":{"message","type","code","param"}}}.
 */
public final class ApiError extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;

    private ApiError(int status, String type, String code, String param, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = headers;
    }

    public static ApiError invalid(String message, String param) {
        return new ApiError(400, "invalid_request_error", "invalid_request", param, message, Map.of());
    }

    public static ApiError malformedJson(String detail) {
        return new ApiError(
                400,
                "invalid_request_error",
                "invalid_json",
                null,
                "the request body is not valid JSON: " + detail,
                Map.of());
    }

    public static ApiError contextLengthExceeded(int maxContext, int promptTokens, int completionTokens, String param) {
        String message = "This model's maximum context length is " + maxContext + " tokens. However, you requested "
                + (promptTokens + completionTokens) + " tokens (" + promptTokens + " in the prompt, "
                + completionTokens + " for the completion). Please reduce the length of the prompt or completion.";
        return new ApiError(400, "invalid_request_error", "context_length_exceeded", param, message, Map.of());
    }

    public static ApiError modelNotFound(String model, String served) {
        return new ApiError(
                404,
                "invalid_request_error",
                "model_not_found",
                "model",
                "The model '" + model + "' does not exist on this server (it serves '" + served + "')",
                Map.of());
    }

    public static ApiError notFound(String method, String path) {
        return new ApiError(
                404, "invalid_request_error", "not_found", null, "no route for " + method + " " + path, Map.of());
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(
                405,
                "invalid_request_error",
                "method_not_allowed",
                null,
                method + " is not allowed on " + path,
                Map.of());
    }

    public static ApiError overloaded(String message, int retryAfterSeconds) {
        return new ApiError(
                429,
                "rate_limit_error",
                "server_overloaded",
                null,
                message,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public static ApiError unauthorized() {
        return new ApiError(
                401,
                "invalid_request_error",
                "invalid_api_key",
                null,
                "missing or incorrect API key: send it as 'Authorization: Bearer KEY'",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiError requestTimeout(String message) {
        return new ApiError(408, "invalid_request_error", "request_timeout", null, message, Map.of());
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", "internal_error", null, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("code", code);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        return root.toString();
    }
}
