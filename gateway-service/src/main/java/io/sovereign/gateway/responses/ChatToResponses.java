package io.sovereign.gateway.responses;

import io.sovereign.gateway.responses.ResponseShape.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a (non-streamed) chat completion into the Responses {@code response} object the client
 * asked for: reasoning content becomes a reasoning item, the text an output message, and each tool
 * call the function_call or custom_tool_call item of the tool the client declared (namespace and all).
 */
public final class ChatToResponses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChatToResponses() {}

    /** A new response id ({@code resp_} and 32 hex digits); item ids derive from it. */
    public static String newResponseId() {
        return ResponseShape.newResponseId();
    }

    /**
     * @param request the client's Responses request (its settings are echoed)
     * @param names the tool map from {@link ResponsesToChat} for the same request
     * @param responseId the id the gateway minted ({@code resp_...}) and stores the response under
     * @throws IllegalArgumentException when the completion has no choice to translate
     */
    public static ObjectNode translate(
            JsonNode request, ToolNames names, JsonNode completion, String responseId, long createdAt) {
        JsonNode choice = completion.path("choices").path(0);
        if (!choice.isObject()) {
            throw new IllegalArgumentException("the upstream chat completion has no choices");
        }
        JsonNode message = choice.path("message");
        Outcome outcome = Outcome.of(
                choice.path("finish_reason").isString()
                        ? choice.get("finish_reason").stringValue()
                        : null);
        ArrayNode output = NODES.arrayNode();

        String reasoning = reasoning(message);
        if (!reasoning.isEmpty()) {
            output.add(ResponseShape.reasoningItem(ResponseShape.itemId(responseId, "rs", output.size()), reasoning));
        }
        String text = text(message.path("content"));
        String refusal =
                message.path("refusal").isString() ? message.get("refusal").stringValue() : "";
        if (!text.isEmpty() || !refusal.isEmpty()) {
            ObjectNode item = ResponseShape.messageItem(
                    ResponseShape.itemId(responseId, "msg", output.size()), outcome.messageStatus());
            ArrayNode content = (ArrayNode) item.get("content");
            if (!text.isEmpty()) {
                content.add(ResponseShape.textPart(text));
            }
            if (!refusal.isEmpty()) {
                content.add(ResponseShape.refusalPart(refusal));
            }
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode fn = call.path("function");
            ToolNames.Tool tool = names.tool(fn.path("name").asString(""));
            String arguments = fn.path("arguments").asString("");
            String value = tool.kind() == ToolNames.Kind.CUSTOM ? FreeformInput.of(arguments) : arguments;
            int index = output.size();
            output.add(ResponseShape.callItem(
                    responseId,
                    index,
                    tool,
                    ResponseShape.callId(call.get("id"), responseId, index),
                    value,
                    "completed"));
        }
        ObjectNode response = ResponseShape.envelope(request, responseId, createdAt, outcome.status());
        return ResponseShape.finish(response, output, outcome, completion.get("usage"));
    }

    /** Servers name it {@code reasoning_content} (local-inference, DeepSeek, older vLLM) or {@code reasoning}. */
    static String reasoning(JsonNode messageOrDelta) {
        for (String field : new String[] {"reasoning_content", "reasoning"}) {
            JsonNode r = messageOrDelta.path(field);
            if (r.isString() && !r.stringValue().isEmpty()) {
                return r.stringValue();
            }
        }
        return "";
    }

    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                b.append(part.get("text").stringValue());
            }
        }
        return b.toString();
    }
}
