package io.sovereign.gateway.messages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages request -> chat-completions request, for targets that only speak chat completions.
 * Validates what it translates (Anthropic's {@code invalid_request_error} with the field's path) and reports,
 * rather than forwards, what a chat target has no place for.
 *
 * <p>Reasoning: {@code output_config.effort} maps to {@code reasoning_effort} directly ({@code max} -> high);
 * otherwise {@code thinking.budget_tokens} maps by {@link #effortForBudget}: up to 4,096 tokens low, up to 16,384
 * medium, above that high (Claude Code's "think" / "think hard" / "ultrathink" budgets, ~4k / ~10k / ~32k, land on
 * low / medium / high). Adaptive thinking without an effort leaves the target's default.
 */
public final class MessagesToChat {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Top-level fields translated below; anything else is accepted, not forwarded, and reported. */
    private static final Set<String> TRANSLATED = Set.of(
            "model",
            "messages",
            "system",
            "max_tokens",
            "stop_sequences",
            "stream",
            "temperature",
            "top_p",
            "top_k",
            "tools",
            "tool_choice",
            "thinking",
            "metadata",
            "output_config");
    /** Accepted and ignored without a report: caching hints change nothing a target would do. */
    private static final Set<String> SILENT = Set.of("cache_control");

    private MessagesToChat() {}

    public static BridgedRequest translate(byte[] body) {
        return translate(object(body));
    }

    /** {@link #translateForCount(ObjectNode)} of a raw {@code /v1/messages/count_tokens} body. */
    public static BridgedRequest translateForCount(byte[] body) {
        return translateForCount(object(body));
    }

    private static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            throw new InvalidMessagesRequest(null, "The request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidMessagesRequest(
                    null,
                    "The request body is not valid JSON: "
                            + e.getOriginalMessage().replaceAll("\\s+", " ") + ".");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidMessagesRequest(
                    null, "The request body must be a JSON object, not " + Fields.kind(node) + ".");
        }
        return (ObjectNode) node;
    }

    public static BridgedRequest translate(ObjectNode body) {
        return translate(body, true);
    }

    /**
     * A {@code /v1/messages/count_tokens} body (the same fields, without {@code max_tokens}, {@code stream} and
     * the sampling parameters), as the chat messages and tools whose tokens are counted.
     */
    public static BridgedRequest translateForCount(ObjectNode body) {
        return translate(body, false);
    }

    private static BridgedRequest translate(ObjectNode body, boolean generation) {
        List<String> ignored = new ArrayList<>();
        ObjectNode chat = F.objectNode();
        String model = Fields.requiredString(body, "model", "model");
        if (model.isBlank()) {
            throw new InvalidMessagesRequest("model", "String should not be empty.");
        }
        chat.put("model", model);
        JsonNode messages = Fields.array(body, "messages", "messages");
        if (messages == null) {
            throw new InvalidMessagesRequest("messages", "Field required.");
        }
        if (messages.isEmpty()) {
            throw new InvalidMessagesRequest("messages", "List should have at least 1 item.");
        }
        chat.set("messages", new MessagesContent(ignored).translate(body.get("system"), messages));

        Long maxTokens = Fields.optionalInteger(body, "max_tokens", "max_tokens", 1);
        if (maxTokens == null && generation) {
            throw new InvalidMessagesRequest("max_tokens", "Field required.");
        }
        if (maxTokens != null) {
            chat.put("max_tokens", maxTokens);
        }
        List<String> stops = stopSequences(body);
        if (!stops.isEmpty()) {
            ArrayNode stop = chat.putArray("stop");
            stops.forEach(stop::add);
        }
        JsonNode temperature = Fields.optionalNumber(body, "temperature", "temperature", 0, 1);
        if (temperature != null) {
            chat.set("temperature", temperature);
        }
        JsonNode topP = Fields.optionalNumber(body, "top_p", "top_p", 0, 1);
        if (topP != null) {
            chat.set("top_p", topP);
        }
        if (Fields.optionalInteger(body, "top_k", "top_k", 0) != null) {
            ignored.add("top_k"); // not a chat-completions parameter
        }
        Set<String> toolNames = tools(body, chat, ignored);
        toolChoice(body, chat, toolNames, ignored);
        ReplyOptions.Thinking thinking = reasoning(body, chat);
        ObjectNode metadata = Fields.optionalObject(body, "metadata", "metadata");
        if (metadata != null) {
            String user = Fields.optionalString(metadata, "user_id", "metadata.user_id");
            if (user != null) {
                chat.put("user", user);
            }
        }
        if (Boolean.TRUE.equals(Fields.optionalBoolean(body, "stream", "stream"))) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true); // message_delta needs the usage
        }
        for (String name : body.propertyNames()) {
            if (!TRANSLATED.contains(name) && !SILENT.contains(name)) {
                ignored.add(name);
            }
        }
        return new BridgedRequest(chat, new ReplyOptions(model, stops, thinking), ignored);
    }

    private static List<String> stopSequences(ObjectNode body) {
        JsonNode list = Fields.array(body, "stop_sequences", "stop_sequences");
        List<String> stops = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isString()) {
                    throw new InvalidMessagesRequest(
                            "stop_sequences." + i, "Input should be a string, not " + Fields.kind(list.get(i)) + ".");
                }
                stops.add(list.get(i).stringValue());
            }
        }
        return stops;
    }

    /** Custom tools become functions; Anthropic's server and versioned tools have no chat form and are reported. */
    private static Set<String> tools(ObjectNode body, ObjectNode chat, List<String> ignored) {
        JsonNode tools = Fields.array(body, "tools", "tools");
        Set<String> names = new LinkedHashSet<>();
        if (tools == null) {
            return names;
        }
        ArrayNode functions = F.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            String at = "tools." + i;
            ObjectNode tool = Fields.object(tools.get(i), at);
            String type = Fields.optionalString(tool, "type", at + ".type");
            if (type != null && !type.equals("custom")) {
                ignored.add(at + " (" + type + ")");
                continue;
            }
            String name = Fields.requiredString(tool, "name", at + ".name");
            if (!names.add(name)) {
                throw new InvalidMessagesRequest(
                        at + ".name", "Tool names must be unique; '" + name + "' appears twice.");
            }
            if (!tool.has("input_schema")) {
                throw new InvalidMessagesRequest(at + ".input_schema", "Field required.");
            }
            ObjectNode schema = Fields.object(tool.get("input_schema"), at + ".input_schema")
                    .deepCopy();
            schema.remove("$schema"); // names the JSON Schema dialect, constrains nothing; some servers refuse it
            ObjectNode function = F.objectNode().put("name", name);
            String description = Fields.optionalString(tool, "description", at + ".description");
            if (description != null) {
                function.put("description", description);
            }
            function.set("parameters", schema);
            functions.addObject().put("type", "function").set("function", function);
            // defer_loading, cache_control, strict, input_examples: Anthropic-side tool handling, the function is sent
            // as is
        }
        if (!functions.isEmpty()) {
            chat.set("tools", functions);
        }
        return names;
    }

    private static void toolChoice(ObjectNode body, ObjectNode chat, Set<String> toolNames, List<String> ignored) {
        ObjectNode choice = Fields.optionalObject(body, "tool_choice", "tool_choice");
        if (choice == null) {
            return;
        }
        String type = Fields.requiredString(choice, "type", "tool_choice.type");
        JsonNode mapped =
                switch (type) {
                    case "auto" -> F.stringNode("auto");
                    case "any" -> F.stringNode("required");
                    case "none" -> F.stringNode("none");
                    case "tool" -> {
                        String name = Fields.requiredString(choice, "name", "tool_choice.name");
                        if (!toolNames.contains(name)) {
                            throw new InvalidMessagesRequest(
                                    "tool_choice.name", "no tool named '" + name + "' in 'tools'.");
                        }
                        ObjectNode named = F.objectNode().put("type", "function");
                        named.putObject("function").put("name", name);
                        yield named;
                    }
                    default ->
                        throw new InvalidMessagesRequest(
                                "tool_choice.type",
                                "Input should be 'auto', 'any', 'tool' or 'none', got '" + type + "'.");
                };
        if (!chat.has("tools")) {
            // chat refuses a tool_choice without tools (e.g. when only server tools were sent)
            if (!type.equals("auto") && !type.equals("none")) {
                ignored.add("tool_choice (no tools left to choose)");
            }
            return;
        }
        chat.set("tool_choice", mapped);
        if (Boolean.TRUE.equals(
                Fields.optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use"))) {
            chat.put("parallel_tool_calls", false);
        }
    }

    /** thinking + output_config -> reasoning_effort, and whether the answer returns thinking blocks. */
    private static ReplyOptions.Thinking reasoning(ObjectNode body, ObjectNode chat) {
        ObjectNode thinking = Fields.optionalObject(body, "thinking", "thinking");
        ObjectNode output = Fields.optionalObject(body, "output_config", "output_config");
        String effort = output == null ? null : Fields.optionalString(output, "effort", "output_config.effort");
        if (effort != null) {
            chat.put(
                    "reasoning_effort",
                    switch (effort) {
                        case "low", "medium", "high" -> effort;
                        case "max" -> "high";
                        default ->
                            throw new InvalidMessagesRequest(
                                    "output_config.effort",
                                    "Input should be 'low', 'medium', 'high' or 'max', got '" + effort + "'.");
                    });
        }
        if (output != null && Fields.present(output, "format")) {
            chat.set("response_format", responseFormat(Fields.object(output.get("format"), "output_config.format")));
        }
        if (thinking == null) {
            return ReplyOptions.Thinking.NONE;
        }
        String type = Fields.requiredString(thinking, "type", "thinking.type");
        String display = Fields.optionalString(thinking, "display", "thinking.display");
        switch (type) {
            case "disabled" -> {
                return ReplyOptions.Thinking.NONE;
            }
            case "enabled" -> {
                Long budget = Fields.optionalInteger(thinking, "budget_tokens", "thinking.budget_tokens", 1024);
                if (budget == null) {
                    throw new InvalidMessagesRequest("thinking.budget_tokens", "Field required.");
                }
                if (effort == null) {
                    chat.put("reasoning_effort", effortForBudget(budget));
                }
            }
            case "adaptive" -> {
                // the model decides how much to think; without an effort the target's default applies
            }
            default ->
                throw new InvalidMessagesRequest(
                        "thinking.type", "Input should be 'enabled', 'disabled' or 'adaptive', got '" + type + "'.");
        }
        if (display == null || display.equals("summarized")) {
            return ReplyOptions.Thinking.SHOWN;
        }
        if (display.equals("omitted")) {
            return ReplyOptions.Thinking.OMITTED;
        }
        throw new InvalidMessagesRequest(
                "thinking.display", "Input should be 'summarized' or 'omitted', got '" + display + "'.");
    }

    /** Thresholds documented on the class. */
    static String effortForBudget(long budgetTokens) {
        if (budgetTokens <= 4096) {
            return "low";
        }
        return budgetTokens <= 16384 ? "medium" : "high";
    }

    private static ObjectNode responseFormat(ObjectNode format) {
        String type = Fields.requiredString(format, "type", "output_config.format.type");
        if (!type.equals("json_schema")) {
            throw new InvalidMessagesRequest(
                    "output_config.format.type", "Input should be 'json_schema', got '" + type + "'.");
        }
        ObjectNode schema = Fields.object(format.get("schema"), "output_config.format.schema");
        ObjectNode out = F.objectNode().put("type", "json_schema");
        out.putObject("json_schema").put("name", "output").set("schema", schema.deepCopy());
        return out;
    }
}
