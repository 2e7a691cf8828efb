package io.sovereign.gateway.responses;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns Responses input items, in order, into chat messages. A run of assistant-side items (reasoning,
 * output message, function and custom tool calls) becomes one assistant message, because chat requires
 * every {@code tool} message to answer a {@code tool_calls} entry of the assistant message before it;
 * reasoning text rides along as {@code reasoning_content}. Images and files a tool returned cannot sit
 * in a chat {@code tool} message, so they follow the tool results as a user message.
 */
final class ItemsToMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Item types that only a hosting API can replay (their tools are left out too). */
    private static final Set<String> HOSTED_ITEMS = Set.of(
            "compaction",
            "compaction_summary",
            "mcp_list_tools",
            "mcp_approval_request",
            "mcp_approval_response",
            "tool_search_output",
            "ghost_snapshot");

    private final ToolNames names;
    private final Set<String> dropped;
    private final ArrayNode messages = NODES.arrayNode();
    private final Map<String, JsonNode> byId = new HashMap<>();
    private final Set<String> callIds = new HashSet<>();
    private ObjectNode assistant;
    private StringBuilder assistantText;
    private final StringBuilder reasoning = new StringBuilder();
    private ArrayNode toolMedia;

    ItemsToMessages(ToolNames names, Set<String> dropped) {
        this.names = names;
        this.dropped = dropped;
    }

    void system(String text) {
        messages.addObject().put("role", "system").put("content", text);
    }

    void userText(String text) {
        endTurn();
        messages.addObject().put("role", "user").put("content", text);
    }

    void add(JsonNode item, String path) {
        if (!item.isObject()) {
            throw Fields.typeError(path, "an object", item);
        }
        String type = Fields.optionalString(item, "type", path + ".type");
        if (type == null) {
            if (Fields.present(item, "role") == null) {
                throw new ResponsesRequestError("Missing required parameter: '" + path + ".type'.", path + ".type");
            }
            type = "message"; // an EasyInputMessage: {role, content} without a type
        }
        switch (type) {
            case "message" -> message(item, path);
            case "function_call" -> call(item, path, false);
            case "custom_tool_call" -> call(item, path, true);
            case "function_call_output", "custom_tool_call_output" -> toolOutput(item, path);
            case "reasoning" -> reasoning(item, path);
            case "item_reference" -> {
                String id = Fields.requiredString(item, "id", path + ".id");
                JsonNode target = byId.get(id);
                if (target == null) {
                    throw new ResponsesRequestError(
                            "Item with id '" + id + "' not found in this conversation.", path + ".id");
                }
                add(target, path);
                return;
            }
            case "additional_tools" -> {} // its tools were declared with the request's tools
            default -> {
                if (!HOSTED_ITEMS.contains(type) && !type.endsWith("_call") && !type.endsWith("_call_output")) {
                    throw new ResponsesRequestError(
                            "Invalid value: '" + type + "'. Supported item types are 'message', "
                                    + "'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output', "
                                    + "'reasoning' and 'item_reference' (hosted tool items are skipped).",
                            path + ".type");
                }
                dropped.add(type);
            }
        }
        JsonNode id = item.get("id");
        if (id != null && id.isString()) {
            byId.put(id.stringValue(), item);
        }
    }

    ArrayNode finish() {
        endTurn();
        return messages;
    }

    private void message(JsonNode item, String path) {
        String role = Fields.requiredString(item, "role", path + ".role");
        JsonNode content = Fields.present(item, "content");
        if (content == null) {
            throw new ResponsesRequestError("Missing required parameter: '" + path + ".content'.", path + ".content");
        }
        if (!content.isString() && !content.isArray()) {
            throw Fields.typeError(path + ".content", "a string or an array of content parts", content);
        }
        switch (role) {
            case "assistant" -> assistantContent(content, path + ".content");
            case "user", "system", "developer" -> {
                endTurn();
                ObjectNode m = messages.addObject().put("role", role);
                if (content.isString()) {
                    m.put("content", content.stringValue());
                } else {
                    m.set("content", parts(content, path + ".content", !role.equals("user")));
                }
            }
            default ->
                throw new ResponsesRequestError(
                        "Invalid value: '" + role
                                + "'. Supported values are: 'assistant', 'system', 'developer', and 'user'.",
                        path + ".role");
        }
    }

    private void assistantContent(JsonNode content, String path) {
        openAssistant();
        if (content.isString()) {
            assistantText.append(content.stringValue());
            return;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String p = path + "[" + i + "]";
            String type = part.isObject() ? Fields.requiredString(part, "type", p + ".type") : null;
            if (type == null) {
                throw Fields.typeError(p, "an object", part);
            }
            switch (type) {
                case "output_text", "input_text" ->
                    assistantText.append(Fields.requiredString(part, "text", p + ".text"));
                case "refusal" -> assistant.put("refusal", Fields.requiredString(part, "refusal", p + ".refusal"));
                default ->
                    throw new ResponsesRequestError(
                            "Invalid value: '" + type + "'. Assistant content parts are 'output_text' and 'refusal'.",
                            p + ".type");
            }
        }
    }

    private ArrayNode parts(JsonNode content, String path, boolean textOnly) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String p = path + "[" + i + "]";
            if (!part.isObject()) {
                throw Fields.typeError(p, "an object", part);
            }
            String type = Fields.requiredString(part, "type", p + ".type");
            if (textOnly && !type.equals("input_text")) {
                throw new ResponsesRequestError(
                        "Invalid value: '" + type
                                + "'. System and developer messages can only contain 'input_text' parts.",
                        p + ".type");
            }
            out.add(part(part, type, p));
        }
        return out;
    }

    private static ObjectNode part(JsonNode part, String type, String p) {
        ObjectNode out = NODES.objectNode();
        switch (type) {
            case "input_text" -> out.put("type", "text").put("text", Fields.requiredString(part, "text", p + ".text"));
            case "input_image" -> {
                noFileId(part, p);
                String url = Fields.requiredString(part, "image_url", p + ".image_url");
                ObjectNode image =
                        out.put("type", "image_url").putObject("image_url").put("url", url);
                String detail = Fields.optionalString(part, "detail", p + ".detail");
                if (detail != null) {
                    image.put("detail", detail);
                }
            }
            case "input_file" -> {
                noFileId(part, p);
                if (Fields.present(part, "file_url") != null) {
                    throw new ResponsesRequestError(
                            "'file_url' is not supported through the gateway; send the file's content as 'file_data'.",
                            p + ".file_url");
                }
                ObjectNode file = out.put("type", "file")
                        .putObject("file")
                        .put("file_data", Fields.requiredString(part, "file_data", p + ".file_data"));
                String filename = Fields.optionalString(part, "filename", p + ".filename");
                if (filename != null) {
                    file.put("filename", filename);
                }
            }
            case "input_audio" -> {
                JsonNode audio = Fields.optionalObject(part, "input_audio", p + ".input_audio");
                if (audio == null) {
                    throw new ResponsesRequestError(
                            "Missing required parameter: '" + p + ".input_audio'.", p + ".input_audio");
                }
                out.put("type", "input_audio")
                        .putObject("input_audio")
                        .put("data", Fields.requiredString(audio, "data", p + ".input_audio.data"))
                        .put("format", Fields.requiredString(audio, "format", p + ".input_audio.format"));
            }
            default ->
                throw new ResponsesRequestError(
                        "Invalid value: '" + type
                                + "'. Supported values are: 'input_text', 'input_image', 'input_file' and 'input_audio'.",
                        p + ".type");
        }
        return out;
    }

    /** The gateway has no Files API, so a file id could only be resolved by the hosted API it names. */
    private static void noFileId(JsonNode part, String p) {
        if (Fields.present(part, "file_id") != null) {
            throw new ResponsesRequestError(
                    "'file_id' is not supported through the gateway (it has no Files API); "
                            + "send the content inline (a data: URL for images, 'file_data' for files).",
                    p + ".file_id");
        }
    }

    private void call(JsonNode item, String path, boolean custom) {
        String callId = Fields.requiredString(item, "call_id", path + ".call_id");
        String name = Fields.requiredString(item, "name", path + ".name");
        String ns = Fields.optionalString(item, "namespace", path + ".namespace");
        String arguments = custom
                ? NODES.objectNode()
                        .put(ToolsToChat.INPUT_ARGUMENT, Fields.requiredString(item, "input", path + ".input"))
                        .toString()
                : Fields.requiredString(item, "arguments", path + ".arguments");
        openAssistant();
        ArrayNode calls = assistant.has("tool_calls")
                ? (ArrayNode) assistant.get("tool_calls")
                : assistant.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", callId).put("type", "function");
        call.putObject("function").put("name", names.chatName(ns, name)).put("arguments", arguments);
        callIds.add(callId);
    }

    private void toolOutput(JsonNode item, String path) {
        String callId = Fields.requiredString(item, "call_id", path + ".call_id");
        JsonNode output = Fields.present(item, "output");
        if (output == null) {
            throw new ResponsesRequestError("Missing required parameter: '" + path + ".output'.", path + ".output");
        }
        closeAssistant();
        if (!callIds.contains(callId)) {
            throw new ResponsesRequestError(
                    "No tool call found for function call output with call_id " + callId + ".", path + ".call_id");
        }
        String text;
        if (output.isString()) {
            text = output.stringValue();
        } else if (output.isArray()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < output.size(); i++) {
                JsonNode part = output.get(i);
                String p = path + ".output[" + i + "]";
                String type = part.isObject() ? Fields.requiredString(part, "type", p + ".type") : null;
                if (type == null) {
                    throw Fields.typeError(p, "an object", part);
                }
                if (type.equals("input_text") || type.equals("output_text")) {
                    b.append(Fields.requiredString(part, "text", p + ".text"));
                } else {
                    if (toolMedia == null) {
                        toolMedia = NODES.arrayNode();
                    }
                    toolMedia.addObject().put("type", "text").put("text", "Returned by tool call " + callId + ":");
                    toolMedia.add(part(part, type, p));
                }
            }
            text = b.isEmpty() && toolMedia != null ? "(the tool's result follows in the next message)" : b.toString();
        } else {
            throw Fields.typeError(path + ".output", "a string or an array of content parts", output);
        }
        messages.addObject().put("role", "tool").put("tool_call_id", callId).put("content", text);
    }

    private void reasoning(JsonNode item, String path) {
        StringBuilder text = new StringBuilder();
        JsonNode content = Fields.optionalArray(item, "content", path + ".content");
        JsonNode summary = Fields.optionalArray(item, "summary", path + ".summary");
        for (JsonNode source : new JsonNode[] {content, summary}) {
            for (int i = 0; source != null && text.isEmpty() && i < source.size(); i++) {
                JsonNode t = source.get(i).path("text");
                if (t.isString()) {
                    text.append(i > 0 ? "\n\n" : "").append(t.stringValue());
                }
            }
        }
        if (!text.isEmpty()) {
            openAssistant();
            reasoning.append(reasoning.isEmpty() ? "" : "\n\n").append(text);
        }
    }

    private void openAssistant() {
        if (assistant == null) {
            flushToolMedia();
            assistant = NODES.objectNode().put("role", "assistant");
            assistantText = new StringBuilder();
        }
    }

    /** Ends the assistant message being collected; one with nothing but reasoning has no chat form. */
    private void closeAssistant() {
        if (assistant == null) {
            return;
        }
        if (!assistantText.isEmpty() || assistant.has("tool_calls") || assistant.has("refusal")) {
            ObjectNode m = messages.addObject().put("role", "assistant");
            if (assistantText.isEmpty()) {
                m.putNull("content");
            } else {
                m.put("content", assistantText.toString());
            }
            assistant.properties().forEach(e -> {
                if (!e.getKey().equals("role")) {
                    m.set(e.getKey(), e.getValue());
                }
            });
            if (!reasoning.isEmpty()) {
                m.put("reasoning_content", reasoning.toString());
            }
        }
        assistant = null;
        reasoning.setLength(0);
    }

    private void flushToolMedia() {
        if (toolMedia != null) {
            messages.addObject().put("role", "user").set("content", toolMedia);
            toolMedia = null;
        }
    }

    private void endTurn() {
        closeAssistant();
        flushToolMedia();
    }
}
