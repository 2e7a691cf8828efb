package io.sovereign.gateway.responses;

import io.sovereign.gateway.responses.ToolNames.Kind;
import io.sovereign.gateway.responses.ToolNames.Tool;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of a Responses {@code response} object that the plain and the streamed translation build
 * alike, so both give the same object for the same completion: the envelope that echoes the request,
 * the output items, the status a finish reason means, and usage. Item ids derive from the response id
 * and the output index, so a retrieval later names the same items the stream did.
 */
final class ResponseShape {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponseShape() {}

    /** What a chat {@code finish_reason} means for the response: its status and, if cut short, why. */
    record Outcome(String status, String incompleteReason) {

        static Outcome of(String finishReason) {
            if (finishReason == null) {
                return new Outcome("completed", null);
            }
            return switch (finishReason) {
                case "length" -> new Outcome("incomplete", "max_output_tokens");
                case "content_filter" -> new Outcome("incomplete", "content_filter");
                default -> new Outcome("completed", null);
            };
        }

        /** A message cut short is itself incomplete; tool calls are complete once their arguments are. */
        String messageStatus() {
            return status;
        }
    }

    static String newResponseId() {
        return "resp_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String itemId(String responseId, String prefix, int outputIndex) {
        String base = responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        return prefix + "_" + base + "_" + outputIndex;
    }

    /** The response envelope, echoing the request's settings with the API's defaults; output empty, usage null. */
    static ObjectNode envelope(JsonNode request, String id, long createdAt, String status) {
        ObjectNode r = NODES.objectNode();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("status", status);
        r.put("background", false);
        r.putNull("error");
        r.putNull("incomplete_details");
        echo(request, r, "instructions", NODES.nullNode());
        echo(request, r, "max_output_tokens", NODES.nullNode());
        echo(request, r, "max_tool_calls", NODES.nullNode());
        echo(request, r, "model", NODES.nullNode());
        r.putArray("output");
        echo(request, r, "parallel_tool_calls", NODES.booleanNode(true));
        echo(request, r, "previous_response_id", NODES.nullNode());
        echo(request, r, "prompt_cache_key", NODES.nullNode());
        ObjectNode reasoning = r.putObject("reasoning");
        JsonNode asked = request.path("reasoning");
        reasoning.set("effort", asked.path("effort").isString() ? asked.get("effort") : NODES.nullNode());
        reasoning.set("summary", asked.path("summary").isString() ? asked.get("summary") : NODES.nullNode());
        echo(request, r, "safety_identifier", NODES.nullNode());
        r.put("service_tier", "default");
        echo(request, r, "store", NODES.booleanNode(true));
        echo(request, r, "temperature", NODES.numberNode(1.0));
        ObjectNode text = r.putObject("text");
        JsonNode askedText = request.path("text");
        text.set(
                "format",
                askedText.path("format").isObject()
                        ? askedText.get("format")
                        : NODES.objectNode().put("type", "text"));
        text.set(
                "verbosity",
                askedText.path("verbosity").isString() ? askedText.get("verbosity") : NODES.stringNode("medium"));
        echo(request, r, "tool_choice", NODES.stringNode("auto"));
        echo(request, r, "tools", NODES.arrayNode());
        echo(request, r, "top_logprobs", NODES.numberNode(0));
        echo(request, r, "top_p", NODES.numberNode(1.0));
        echo(request, r, "truncation", NODES.stringNode("disabled"));
        r.putNull("usage");
        echo(request, r, "user", NODES.nullNode());
        echo(request, r, "metadata", NODES.objectNode());
        return r;
    }

    /** Sets output, status and usage of a finished response. */
    static ObjectNode finish(ObjectNode response, ArrayNode output, Outcome outcome, JsonNode chatUsage) {
        response.put("status", outcome.status());
        if (outcome.incompleteReason() != null) {
            response.putObject("incomplete_details").put("reason", outcome.incompleteReason());
        }
        response.set("output", output);
        response.set("usage", usage(chatUsage));
        return response;
    }

    /** Chat usage in Responses terms, or JSON null when the upstream sent none. */
    static JsonNode usage(JsonNode chat) {
        if (chat == null || !chat.isObject()) {
            return NODES.nullNode();
        }
        long input = chat.path("prompt_tokens").asLong(0);
        long output = chat.path("completion_tokens").asLong(0);
        ObjectNode u = NODES.objectNode();
        u.put("input_tokens", input);
        u.putObject("input_tokens_details")
                .put(
                        "cached_tokens",
                        chat.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        u.put("output_tokens", output);
        u.putObject("output_tokens_details")
                .put(
                        "reasoning_tokens",
                        chat.path("completion_tokens_details")
                                .path("reasoning_tokens")
                                .asLong(0));
        u.put(
                "total_tokens",
                chat.path("total_tokens").isIntegralNumber()
                        ? chat.get("total_tokens").asLong()
                        : input + output);
        return u;
    }

    static ObjectNode reasoningItem(String id, String text) {
        ObjectNode item = NODES.objectNode().put("id", id).put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        if (text != null) {
            summary.add(summaryPart(text));
        }
        return item;
    }

    static ObjectNode summaryPart(String text) {
        return NODES.objectNode().put("type", "summary_text").put("text", text);
    }

    static ObjectNode messageItem(String id, String status) {
        ObjectNode item = NODES.objectNode()
                .put("id", id)
                .put("type", "message")
                .put("status", status)
                .put("role", "assistant");
        item.putArray("content");
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = NODES.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode refusalPart(String refusal) {
        return NODES.objectNode().put("type", "refusal").put("refusal", refusal);
    }

    /** A function_call or custom_tool_call item for a chat tool call, named as the client declared it. */
    static ObjectNode callItem(
            String responseId, int outputIndex, Tool tool, String callId, String value, String status) {
        boolean custom = tool.kind() == Kind.CUSTOM;
        ObjectNode item = NODES.objectNode()
                .put("id", itemId(responseId, custom ? "ctc" : "fc", outputIndex))
                .put("type", custom ? "custom_tool_call" : "function_call")
                .put("status", status);
        if (custom) {
            item.put("call_id", callId).put("name", tool.name()).put("input", value);
        } else {
            item.put("arguments", value).put("call_id", callId).put("name", tool.name());
        }
        if (tool.namespace() != null) {
            item.put("namespace", tool.namespace());
        }
        return item;
    }

    /** The call id the upstream gave, or one derived from the item's place when it gave none. */
    static String callId(JsonNode given, String responseId, int outputIndex) {
        return given != null && given.isString() && !given.stringValue().isEmpty()
                ? given.stringValue()
                : itemId(responseId, "call", outputIndex);
    }

    private static void echo(JsonNode request, ObjectNode r, String field, JsonNode fallback) {
        JsonNode v = request.get(field);
        r.set(field, v == null || v.isNull() ? fallback : v);
    }
}
