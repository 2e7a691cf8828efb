package io.sovereign.gateway.responses;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a Responses request (plus the stored items of the conversation's earlier turns) into a
 * chat-completions request for a target that speaks only chat completions. The upstream call is always
 * stateless: the whole conversation is sent, {@code store}, {@code metadata} and {@code include} never
 * leave, and a streamed call asks for usage so the gateway can settle. What a chat target cannot run
 * (hosted tools, their call items) is left out and listed in the result for a response header.
 */
public final class ResponsesToChat {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Fields a chat target has no use for, refused so a caller never believes they took effect. */
    private static final List<String> UNSUPPORTED = List.of("conversation", "prompt");

    /**
     * The chat body and what the translation needs to remember for the way back.
     *
     * @param droppedTools tool types left out (e.g. {@code web_search}, {@code tool_choice:file_search})
     * @param droppedItems input item types left out (e.g. {@code web_search_call})
     */
    public record ChatRequest(
            ObjectNode body, ToolNames toolNames, List<String> droppedTools, List<String> droppedItems) {

        /** A header value naming everything left out, or null when nothing was. */
        public String droppedSummary() {
            List<String> all = new ArrayList<>(droppedTools);
            droppedItems.forEach(i -> all.add("item:" + i));
            return all.isEmpty() ? null : String.join(", ", all);
        }
    }

    private ResponsesToChat() {}

    /** {@code history}: the input and output items of the earlier turns, oldest first (empty for a new one). */
    public static ChatRequest translate(ObjectNode request, List<? extends JsonNode> history) {
        String model = Fields.requiredString(request, "model", "model");
        if (model.isBlank()) {
            throw new ResponsesRequestError("Invalid 'model': empty string.", "model");
        }
        for (String field : UNSUPPORTED) {
            if (Fields.present(request, field) != null) {
                throw new ResponsesRequestError(
                        "'" + field + "' is not supported by the gateway; send the conversation as 'input' "
                                + "items or continue it with 'previous_response_id'.",
                        field);
            }
        }
        if (Boolean.TRUE.equals(Fields.optionalBoolean(request, "background", "background"))) {
            throw new ResponsesRequestError(
                    "Background responses are not supported by the gateway; omit 'background' or set it to false.",
                    "background");
        }
        checkEchoedFields(request);
        JsonNode input = Fields.present(request, "input");
        if (input == null) {
            throw new ResponsesRequestError("Missing required parameter: 'input'.", "input");
        }
        if (!input.isString() && !input.isArray()) {
            throw Fields.typeError("input", "a string or an array of input items", input);
        }

        ToolsToChat.Result tools = ToolsToChat.tools(declaredTools(request, history, input));
        Set<String> droppedItems = new LinkedHashSet<>();
        ItemsToMessages items = new ItemsToMessages(tools.names(), droppedItems);
        String instructions = Fields.optionalString(request, "instructions", "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            items.system(instructions);
        }
        for (int i = 0; i < history.size(); i++) {
            try {
                items.add(history.get(i), "history[" + i + "]");
            } catch (ResponsesRequestError e) {
                throw new ResponsesRequestError(
                        "The stored conversation cannot be continued: " + e.getMessage(), "previous_response_id");
            }
        }
        if (input.isString()) {
            items.userText(input.stringValue());
        } else {
            for (int i = 0; i < input.size(); i++) {
                items.add(input.get(i), "input[" + i + "]");
            }
        }
        ArrayNode messages = items.finish();
        if (messages.isEmpty()) {
            throw new ResponsesRequestError("Invalid 'input': the request has nothing to send to the model.", "input");
        }

        ObjectNode body = NODES.objectNode().put("model", model);
        body.set("messages", messages);
        Set<String> droppedTools = new LinkedHashSet<>(tools.dropped());
        JsonNode toolChoice = ToolsToChat.toolChoice(
                Fields.present(request, "tool_choice"), tools.tools(), tools.names(), droppedTools);
        Boolean parallel = Fields.optionalBoolean(request, "parallel_tool_calls", "parallel_tool_calls");
        if (!tools.tools().isEmpty()) { // chat APIs refuse tool_choice and parallel_tool_calls without tools
            body.set("tools", tools.tools());
            if (toolChoice != null) {
                body.set("tool_choice", toolChoice);
            }
            if (parallel != null) {
                body.put("parallel_tool_calls", parallel);
            }
        }
        JsonNode format = responseFormat(request);
        if (format != null) {
            body.set("response_format", format);
        }
        JsonNode reasoning = Fields.optionalObject(request, "reasoning", "reasoning");
        String effort = reasoning == null ? null : Fields.optionalString(reasoning, "effort", "reasoning.effort");
        if (effort != null) {
            body.put("reasoning_effort", effort);
        }
        if (Fields.optionalInt(request, "max_output_tokens", "max_output_tokens", 16) != null) {
            body.set("max_completion_tokens", request.get("max_output_tokens"));
        }
        copy(request, body, Fields.optionalNumber(request, "temperature", "temperature", 0, 2), "temperature");
        copy(request, body, Fields.optionalNumber(request, "top_p", "top_p", 0, 1), "top_p");
        String user = Fields.optionalString(request, "user", "user");
        if (user != null) {
            body.put("user", user);
        }
        if (Boolean.TRUE.equals(Fields.optionalBoolean(request, "stream", "stream"))) {
            body.put("stream", true);
            body.putObject("stream_options")
                    .put("include_usage", true); // usage is needed to settle and for response.completed
        }
        return new ChatRequest(body, tools.names(), List.copyOf(droppedTools), List.copyOf(droppedItems));
    }

    /** Tools come from {@code tools} and from {@code additional_tools} items (Codex's newer models send those). */
    private static List<ToolsToChat.Declared> declaredTools(
            ObjectNode request, List<? extends JsonNode> history, JsonNode input) {
        List<ToolsToChat.Declared> declared = new ArrayList<>();
        JsonNode tools = Fields.optionalArray(request, "tools", "tools");
        for (int i = 0; tools != null && i < tools.size(); i++) {
            declared.add(new ToolsToChat.Declared(tools.get(i), "tools[" + i + "]"));
        }
        List<JsonNode> items = new ArrayList<>(history);
        if (input.isArray()) {
            input.forEach(items::add);
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isObject() && "additional_tools".equals(item.path("type").asString(""))) {
                String path = i < history.size() ? "history[" + i + "]" : "input[" + (i - history.size()) + "]";
                JsonNode extra = Fields.optionalArray(item, "tools", path + ".tools");
                for (int j = 0; extra != null && j < extra.size(); j++) {
                    declared.add(new ToolsToChat.Declared(extra.get(j), path + ".tools[" + j + "]"));
                }
            }
        }
        return declared;
    }

    private static JsonNode responseFormat(ObjectNode request) {
        JsonNode text = Fields.optionalObject(request, "text", "text");
        JsonNode format = text == null ? null : Fields.optionalObject(text, "format", "text.format");
        if (format == null) {
            return null;
        }
        String type = Fields.requiredString(format, "type", "text.format.type");
        switch (type) {
            case "text" -> {
                return null;
            }
            case "json_object" -> {
                return NODES.objectNode().put("type", "json_object");
            }
            case "json_schema" -> {
                ObjectNode schema =
                        NODES.objectNode().put("name", Fields.requiredString(format, "name", "text.format.name"));
                String description = Fields.optionalString(format, "description", "text.format.description");
                if (description != null) {
                    schema.put("description", description);
                }
                JsonNode s = Fields.optionalObject(format, "schema", "text.format.schema");
                if (s == null) {
                    throw new ResponsesRequestError(
                            "Missing required parameter: 'text.format.schema'.", "text.format.schema");
                }
                schema.set("schema", s);
                Boolean strict = Fields.optionalBoolean(format, "strict", "text.format.strict");
                if (strict != null) {
                    schema.put("strict", strict);
                }
                ObjectNode out = NODES.objectNode().put("type", "json_schema");
                out.set("json_schema", schema);
                return out;
            }
            default ->
                throw new ResponsesRequestError(
                        "Invalid value: '" + type + "'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                        "text.format.type");
        }
    }

    /** Fields that stay with the gateway (echoed on the response, never sent upstream) are still checked. */
    private static void checkEchoedFields(ObjectNode request) {
        Fields.optionalBoolean(request, "store", "store");
        Fields.optionalString(request, "previous_response_id", "previous_response_id");
        Fields.optionalString(request, "prompt_cache_key", "prompt_cache_key");
        Fields.optionalString(request, "truncation", "truncation");
        Fields.optionalInt(request, "max_tool_calls", "max_tool_calls", 1);
        JsonNode metadata = Fields.optionalObject(request, "metadata", "metadata");
        if (metadata != null) {
            if (metadata.size() > 16) {
                throw new ResponsesRequestError(
                        "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got "
                                + metadata.size() + " instead.",
                        "metadata");
            }
            metadata.properties().forEach(e -> {
                if (!e.getValue().isString()) {
                    throw Fields.typeError("metadata." + e.getKey(), "a string", e.getValue());
                }
            });
        }
        JsonNode include = Fields.optionalArray(request, "include", "include");
        for (int i = 0; include != null && i < include.size(); i++) {
            if (!include.get(i).isString()) {
                throw Fields.typeError("include[" + i + "]", "a string", include.get(i));
            }
        }
    }

    private static void copy(ObjectNode from, ObjectNode to, JsonNode value, String name) {
        if (value != null) {
            to.set(name, from.get(name));
        }
    }
}
