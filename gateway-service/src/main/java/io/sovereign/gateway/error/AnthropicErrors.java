package io.sovereign.gateway.error;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one mapping from an HTTP status to Anthropic's error body {@code {"type":"error","error":{"type","message"}}},
 * and the conversion of the gateway's own OpenAI-shaped errors into it (the message, which says what refused and
 * why, is kept word for word). Types as Anthropic documents them; 503 becomes {@code overloaded_error} because that
 * is the type Anthropic's clients treat as "try again later".
 */
public final class AnthropicErrors {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AnthropicErrors() {}

    public static String typeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error"; // 405, 409, 415, 422 are the caller's
        };
    }

    public static ObjectNode body(String type, String message) {
        ObjectNode body = F.objectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body;
    }

    public static ObjectNode body(int status, String message) {
        return body(typeFor(status), message);
    }

    public static byte[] bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The gateway's (or an OpenAI-compatible target's) error answer {@code {"error":{"message",...}}} with this
     * status, as Anthropic's error. A body that is not in that shape still yields a valid error naming the status.
     */
    public static ObjectNode fromOpenAi(int status, byte[] openAiBody) {
        String message = null;
        try {
            JsonNode node = JSON.readTree(openAiBody);
            JsonNode error = node == null ? null : node.get("error");
            if (error != null && error.isObject()) {
                message = error.path("message").asString(null);
            } else if (error != null && error.isString()) {
                message = error.stringValue(); // some servers answer {"error": "text"}
            }
        } catch (JacksonException e) {
            // not JSON: fall back to the status below
        }
        if (message == null || message.isBlank()) {
            message = "The request failed with HTTP status " + status + ".";
        }
        return body(status, message);
    }

    /**
     * The Anthropic type for an OpenAI-shaped error object seen inside a stream, where there is no status: by its
     * {@code code} or {@code type} where they say enough, else {@code api_error}.
     */
    public static String typeForOpenAiError(JsonNode error) {
        JsonNode code = error.get("code");
        if (code != null && code.isIntegralNumber()) {
            return typeFor(code.intValue());
        }
        String text = (error.path("type").asString("") + " " + (code == null ? "" : code.asString(""))).toLowerCase();
        if (text.contains("overloaded") || text.contains("unavailable")) {
            return "overloaded_error";
        }
        if (text.contains("rate_limit") || text.contains("insufficient_quota")) {
            return "rate_limit_error";
        }
        if (text.contains("timeout")) {
            return "timeout_error";
        }
        return "api_error";
    }
}
