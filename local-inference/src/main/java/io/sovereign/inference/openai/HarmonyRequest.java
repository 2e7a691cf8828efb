package io.sovereign.inference.openai;

import io.sovereign.inference.error.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The parts of an OpenAI chat request that gpt-oss's template renders beyond plain messages: {@code tools},
 * {@code tool_choice}, {@code reasoning_effort} and assistant {@code tool_calls}, checked and turned into the plain
 * maps and lists the template reads (tool-call arguments as parsed JSON: the template writes them with tojson).
 */
final class HarmonyRequest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private HarmonyRequest() {}

    /** The tool definitions to render, or empty when there are none or {@code tool_choice} is "none". */
    static Optional<List<Object>> tools(JsonNode body) {
        JsonNode choice = RequestFields.present(body, "tool_choice");
        if (choice != null && !(choice.isString() && List.of("auto", "none").contains(choice.stringValue()))) {
            throw ApiError.invalid(
                    "only tool_choice \"auto\" and \"none\" are supported (the model decides whether "
                            + "to call a tool)",
                    "tool_choice");
        }
        JsonNode tools = RequestFields.present(body, "tools");
        if (tools == null || (choice != null && choice.stringValue().equals("none"))) {
            return Optional.empty();
        }
        if (!tools.isArray()) {
            throw ApiError.invalid("'tools' must be an array", "tools");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String param = "tools[" + i + "]";
            if (!"function".equals(t.path("type").asString(""))) {
                throw ApiError.invalid(param + ".type must be \"function\"", param + ".type");
            }
            JsonNode f = t.path("function");
            String name = f.path("name").isString() ? f.path("name").stringValue() : "";
            if (!NAME.matcher(name).matches()) {
                throw ApiError.invalid(
                        param + ".function.name must be 1-64 letters, digits, '_' or '-'", param + ".function.name");
            }
            JsonNode parameters = f.path("parameters");
            if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
                throw ApiError.invalid(
                        param + ".function.parameters must be a JSON Schema object", param + ".function.parameters");
            }
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", name);
            function.put("description", f.path("description").asString(""));
            if (parameters.isObject()) {
                function.put("parameters", JSON.convertValue(parameters, Map.class));
            }
            out.add(Map.of("type", "function", "function", function));
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    static Optional<String> reasoningEffort(JsonNode body) {
        JsonNode n = RequestFields.present(body, "reasoning_effort");
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isString() || !List.of("low", "medium", "high").contains(n.stringValue())) {
            throw ApiError.invalid("'reasoning_effort' must be \"low\", \"medium\" or \"high\"", "reasoning_effort");
        }
        return Optional.of(n.stringValue());
    }

    /** An assistant message's tool calls with their arguments parsed (an arguments string that is not JSON is a 400). */
    static List<Object> toolCalls(JsonNode calls, String param) {
        if (!calls.isArray()) {
            throw ApiError.invalid(param + " must be an array", param);
        }
        List<Object> out = new ArrayList<>();
        for (int j = 0; j < calls.size(); j++) {
            JsonNode c = calls.get(j);
            String p = param + "[" + j + "]";
            JsonNode f = c.path("function");
            if (!f.path("name").isString() || f.path("name").stringValue().isEmpty()) {
                throw ApiError.invalid(p + ".function.name is required", p + ".function.name");
            }
            Object arguments;
            JsonNode args = f.path("arguments");
            try {
                arguments = args.isString()
                        ? JSON.readValue(args.stringValue(), Object.class)
                        : args.isMissingNode() || args.isNull() ? Map.of() : JSON.convertValue(args, Object.class);
            } catch (JacksonException e) {
                throw ApiError.invalid(
                        p + ".function.arguments is not valid JSON: " + e.getOriginalMessage(),
                        p + ".function.arguments");
            }
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", f.path("name").stringValue());
            function.put("arguments", arguments == null ? Map.of() : arguments);
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("id", c.path("id").asString(""));
            call.put("type", "function");
            call.put("function", function);
            out.add(call);
        }
        return out;
    }
}
