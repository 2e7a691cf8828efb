package io.sovereign.gateway.openai;

import io.sovereign.gateway.classify.RequestText;
import io.sovereign.gateway.error.GatewayError.InvalidRequest;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Dialect;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.request.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses a request body once and validates what the gateway relies on, with OpenAI's error wording
 * where there is one: each problem names the parameter and says what is expected. The chat-completions and
 * embeddings front-ends ({@link ChatCompletionsFrontEnd}, {@link EmbeddingsFrontEnd}) are built on it.
 */
public final class RequestParser {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private RequestParser() {}

    public static CanonicalRequest parse(Endpoint endpoint, byte[] bytes) {
        ObjectNode body = object(bytes);
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> chat(body);
            case EMBEDDINGS -> embeddings(body);
        };
    }

    /** Validates an already-parsed body (e.g. after redaction rewrote it). */
    public static CanonicalRequest of(Endpoint endpoint, ObjectNode body) {
        return endpoint == Endpoint.EMBEDDINGS ? embeddings(body) : chat(body);
    }

    public static ObjectNode object(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidRequest("The request body is empty; send a JSON object.", null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidRequest(
                    "We could not parse the JSON body of your request: "
                            + e.getOriginalMessage().replaceAll("\\s+", " ")
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")")
                            + ". The body must be a JSON object.",
                    null);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("The request body must be a JSON object, not " + JsonKind.of(node) + ".", null);
        }
        String huge = hugeInteger(node, "");
        if (huge != null) {
            // nothing downstream (or upstream) takes an integer beyond 64 bits; refuse it here, by its path
            throw new InvalidRequest("Invalid value for '" + huge + "': integers must fit in 64 bits.", huge);
        }
        return (ObjectNode) node;
    }

    /** The path of the first integer outside the 64-bit range in the tree, or null. */
    private static String hugeInteger(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? null : path;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                String found = hugeInteger(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = hugeInteger(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static CanonicalRequest chat(ObjectNode body) {
        String model = model(body);
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new InvalidRequest("Missing required parameter: 'messages'.", "messages");
        }
        if (!messages.isArray()) {
            throw new InvalidRequest(
                    "Invalid type for 'messages': expected an array of message objects, but got "
                            + JsonKind.of(messages) + ".",
                    "messages");
        }
        if (messages.isEmpty()) {
            throw new InvalidRequest(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
        boolean stream = bool(body, "stream");
        JsonNode options = body.get("stream_options");
        boolean includeUsage = false;
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw new InvalidRequest(
                        "Invalid type for 'stream_options': expected an object, but got " + JsonKind.of(options) + ".",
                        "stream_options");
            }
            if (!stream) {
                throw new InvalidRequest(
                        "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
            }
            includeUsage = bool((ObjectNode) options, "include_usage", "stream_options.include_usage");
        }
        Long maxTokens = positiveInt(body, "max_tokens");
        Long maxCompletionTokens = positiveInt(body, "max_completion_tokens");
        number(body, "temperature", 0, 2);
        number(body, "top_p", 0, 1);
        Long n = positiveInt(body, "n");
        return new CanonicalRequest(
                Api.CHAT,
                model,
                Dialect.CHAT_COMPLETIONS,
                body,
                OpenAiCodec.CHAT,
                RequestText.content(body),
                tools(body),
                maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                n == null ? 1 : n.intValue(),
                stream,
                includeUsage,
                messages.size(),
                null);
    }

    static CanonicalRequest embeddings(ObjectNode body) {
        String model = model(body);
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new InvalidRequest("Missing required parameter: 'input'.", "input");
        }
        int count;
        if (input.isString()) {
            count = 1;
        } else if (input.isArray() && !input.isEmpty()) {
            count = input.size();
            boolean allStrings = true;
            boolean allNumbers = true;
            for (JsonNode item : input) {
                allStrings &= item.isString();
                allNumbers &= item.isIntegralNumber();
                if (!item.isString() && !item.isIntegralNumber() && !(item.isArray() && allInts(item))) {
                    throw new InvalidRequest(
                            "Invalid 'input': expected a string, an array of strings, an array of token ids or an array of token-id arrays.",
                            "input");
                }
                if (item.isArray()) {
                    TokenIds.check(item, "input");
                }
            }
            if (allNumbers) {
                count = 1; // one input given as token ids
                TokenIds.check(input, "input");
            } else if (!allStrings && !allArrays(input)) {
                throw new InvalidRequest(
                        "Invalid 'input': do not mix strings and token arrays in one request.", "input");
            }
        } else {
            throw new InvalidRequest(
                    "Invalid 'input': expected a non-empty string or array, but got " + JsonKind.of(input) + ".",
                    "input");
        }
        return new CanonicalRequest(
                Api.EMBEDDINGS,
                model,
                Dialect.EMBEDDINGS,
                body,
                OpenAiCodec.EMBEDDINGS,
                RequestText.content(body),
                List.of(),
                null,
                1,
                false,
                false,
                count,
                null);
    }

    /** The tools offered (chat {@code tools}, and the legacy {@code functions}); their definitions stay in the tree. */
    private static List<Tool> tools(ObjectNode body) {
        List<Tool> out = new ArrayList<>();
        if (body.get("tools") instanceof ArrayNode offered) {
            for (JsonNode t : offered) {
                String type = t.path("type").isString() ? t.path("type").stringValue() : "function";
                JsonNode name = t.path("function").path("name");
                out.add(new Tool(type, name.isString() ? name.stringValue() : null));
            }
        }
        if (body.get("functions") instanceof ArrayNode functions) {
            for (JsonNode f : functions) {
                out.add(new Tool(
                        "function", f.path("name").isString() ? f.path("name").stringValue() : null));
            }
        }
        return out;
    }

    private static boolean allInts(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isIntegralNumber()) {
                return false;
            }
        }
        return !array.isEmpty();
    }

    private static boolean allArrays(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isArray()) {
                return false;
            }
        }
        return true;
    }

    private static void message(JsonNode m, String path) {
        if (!m.isObject()) {
            throw new InvalidRequest(
                    "Invalid type for '" + path + "': expected an object, but got " + JsonKind.of(m) + ".", path);
        }
        JsonNode role = m.get("role");
        if (role == null || !role.isString()) {
            throw new InvalidRequest("Missing required parameter: '" + path + ".role'.", path + ".role");
        }
        if (!ROLES.contains(role.stringValue())) {
            throw new InvalidRequest(
                    "Invalid value: '" + role.stringValue()
                            + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.",
                    path + ".role");
        }
        JsonNode content = m.get("content");
        if (content != null && !content.isNull() && !content.isString() && !content.isArray()) {
            throw new InvalidRequest(
                    "Invalid type for '" + path + ".content': expected a string or an array of content parts, but got "
                            + JsonKind.of(content) + ".",
                    path + ".content");
        }
        if (content != null && content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                if (!part.isObject()
                        || part.get("type") == null
                        || !part.get("type").isString()) {
                    throw new InvalidRequest(
                            "Invalid content part '" + path + ".content[" + i + "]': expected an object with a 'type'.",
                            path + ".content[" + i + "]");
                }
            }
        }
    }

    private static String model(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new InvalidRequest(
                    "Missing required parameter: 'model'. Use 'auto' to let the gateway's policy choose.", "model");
        }
        if (!model.isString() || model.stringValue().isBlank()) {
            throw new InvalidRequest(
                    "Invalid type for 'model': expected a non-empty string, but got " + JsonKind.of(model) + ".",
                    "model");
        }
        return model.stringValue();
    }

    private static boolean bool(ObjectNode body, String name) {
        return bool(body, name, name);
    }

    private static boolean bool(ObjectNode body, String name, String param) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new InvalidRequest(
                    "Invalid type for '" + param + "': expected a boolean, but got " + JsonKind.of(n) + ".", param);
        }
        return n.booleanValue();
    }

    private static Long positiveInt(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidRequest(
                    "Invalid type for '" + name + "': expected an integer, but got " + JsonKind.of(n) + ".", name);
        }
        if (n.longValue() < 1) {
            throw new InvalidRequest(
                    "Invalid '" + name + "': integer below minimum value. Expected a value >= 1, but got "
                            + n.longValue() + " instead.",
                    name);
        }
        if (n.longValue() > Integer.MAX_VALUE) {
            // token counts and choice counts are 32-bit everywhere; larger would overflow the cost arithmetic
            throw new InvalidRequest(
                    "Invalid '" + name + "': integer above maximum value. Expected a value <= " + Integer.MAX_VALUE
                            + ", but got " + n.longValue() + " instead.",
                    name);
        }
        return n.longValue();
    }

    private static void number(ObjectNode body, String name, double min, double max) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isNumber()) {
            throw new InvalidRequest(
                    "Invalid type for '" + name + "': expected a number, but got " + JsonKind.of(n) + ".", name);
        }
        double v = n.doubleValue();
        if (v < min || v > max) {
            throw new InvalidRequest(
                    "Invalid '" + name + "': expected a value between " + JsonKind.number(min) + " and "
                            + JsonKind.number(max) + ", but got " + n.asString() + ".",
                    name);
        }
    }
}
