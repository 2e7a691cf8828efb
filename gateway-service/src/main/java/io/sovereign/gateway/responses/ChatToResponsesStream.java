package io.sovereign.gateway.responses;

import io.sovereign.gateway.responses.ResponseShape.Outcome;
import io.sovereign.gateway.responses.ToolNames.Kind;
import io.sovereign.gateway.responses.ToolNames.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a streamed chat completion into the Responses event stream, one upstream chunk at a time:
 * each chunk yields its events at once (nothing is held back for later), every event carries a
 * {@code sequence_number}, and the final {@code response.completed} carries the same response object
 * {@link ChatToResponses} builds for the same content. Not thread-safe: one instance per stream.
 */
public final class ChatToResponsesStream {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode request;
    private final ToolNames names;
    private final String responseId;
    private final long createdAt;
    private final List<ObjectNode> output = new ArrayList<>(); // by output index; replaced when an item closes
    private final Map<Integer, Call> calls = new TreeMap<>(); // by the chat tool call index
    private List<ObjectNode> events = new ArrayList<>();
    private long sequence;
    private boolean started;
    private boolean ended;
    private Open reasoning;
    private Open message;
    private String finishReason;
    private boolean closed;
    private JsonNode usage;

    /** An item being streamed: its output index, id and text so far. */
    private static final class Open {
        final int index;
        final String id;
        final StringBuilder text = new StringBuilder();
        final StringBuilder refusal = new StringBuilder();
        int textPart = -1;
        int refusalPart = -1;

        Open(int index, String id) {
            this.index = index;
            this.id = id;
        }
    }

    /** A tool call being streamed; opened once its name is known. */
    private static final class Call {
        final StringBuilder arguments = new StringBuilder();
        String chatId;
        String name;
        Open item;
        Tool tool;
        FreeformInput freeform;
    }

    /** See {@link ChatToResponses#translate} for the arguments. */
    public ChatToResponsesStream(JsonNode request, ToolNames names, String responseId, long createdAt) {
        this.request = request;
        this.names = names;
        this.responseId = responseId;
        this.createdAt = createdAt;
    }

    /** {@code response.created} and {@code response.in_progress}; sent by the first chunk if not called before. */
    public List<ObjectNode> start() {
        if (!started) {
            started = true;
            event("response.created")
                    .set("response", ResponseShape.envelope(request, responseId, createdAt, "in_progress"));
            event("response.in_progress")
                    .set("response", ResponseShape.envelope(request, responseId, createdAt, "in_progress"));
        }
        return drain();
    }

    /** The events for one parsed chat-completion chunk (an {@code {"error": ...}} chunk fails the response). */
    public List<ObjectNode> onChunk(JsonNode chunk) {
        if (ended) {
            return List.of();
        }
        if (chunk.path("error").isObject()) {
            return fail(chunk.get("error").path("message").asString("the upstream reported an error mid-stream"));
        }
        start();
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String reasoningDelta = ChatToResponses.reasoning(delta);
        if (!reasoningDelta.isEmpty()) {
            reasoning(reasoningDelta);
        }
        if (delta.path("content").isString()
                && !delta.get("content").stringValue().isEmpty()) {
            text(delta.get("content").stringValue(), false);
        }
        if (delta.path("refusal").isString()
                && !delta.get("refusal").stringValue().isEmpty()) {
            text(delta.get("refusal").stringValue(), true);
        }
        for (JsonNode tc : delta.path("tool_calls")) {
            toolCall(tc);
        }
        if (choice.path("finish_reason").isString()) {
            finishReason = choice.get("finish_reason").stringValue();
            closeAll(); // items are done now; usage may still follow before the stream ends
        }
        return drain();
    }

    /** The upstream stream ended normally: closes what is open and sends completed (or incomplete). */
    public List<ObjectNode> end() {
        if (ended) {
            return List.of();
        }
        start();
        closeAll();
        ended = true;
        Outcome outcome = Outcome.of(finishReason);
        ObjectNode response = ResponseShape.finish(
                ResponseShape.envelope(request, responseId, createdAt, outcome.status()),
                outputArray(),
                outcome,
                usage);
        event("completed".equals(outcome.status()) ? "response.completed" : "response.incomplete")
                .set("response", response);
        return drain();
    }

    /** The upstream died or answered an error mid-stream: {@code response.failed} with what was produced so far. */
    public List<ObjectNode> fail(String message) {
        if (ended) {
            return List.of();
        }
        start();
        ended = true;
        ObjectNode response = ResponseShape.envelope(request, responseId, createdAt, "failed");
        response.putObject("error").put("code", "server_error").put("message", message);
        response.set("output", outputArray());
        response.set("usage", ResponseShape.usage(usage));
        event("response.failed").set("response", response);
        return drain();
    }

    /** A stream-level {@code error} event (e.g. the gateway refused mid-stream); the caller ends the stream after it. */
    public List<ObjectNode> error(String code, String message, String param) {
        ObjectNode e = event("error").put("code", code).put("message", message);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        ended = true;
        return drain();
    }

    /** The usage seen so far (the chat form), for settling a stream the client abandoned. */
    public JsonNode chatUsage() {
        return usage;
    }

    /** One event as an SSE frame. */
    public static String sse(ObjectNode event) {
        return "event: " + event.path("type").asString() + "\ndata: " + event + "\n\n";
    }

    private void reasoning(String delta) {
        if (reasoning == null) {
            closeMessage();
            reasoning = open("rs", ResponseShape.reasoningItem(null, null));
            event("response.reasoning_summary_part.added")
                    .put("item_id", reasoning.id)
                    .put("output_index", reasoning.index)
                    .put("summary_index", 0)
                    .set("part", ResponseShape.summaryPart(""));
        }
        reasoning.text.append(delta);
        event("response.reasoning_summary_text.delta")
                .put("item_id", reasoning.id)
                .put("output_index", reasoning.index)
                .put("summary_index", 0)
                .put("delta", delta);
    }

    private void text(String delta, boolean refusal) {
        if (message == null) {
            closeReasoning();
            message = open("msg", ResponseShape.messageItem(null, "in_progress"));
        }
        Open m = message;
        int part = refusal ? m.refusalPart : m.textPart;
        if (part < 0) {
            part = Math.max(m.textPart, m.refusalPart) + 1;
            if (refusal) {
                m.refusalPart = part;
            } else {
                m.textPart = part;
            }
            event("response.content_part.added")
                    .put("item_id", m.id)
                    .put("output_index", m.index)
                    .put("content_index", part)
                    .set("part", refusal ? ResponseShape.refusalPart("") : ResponseShape.textPart(""));
        }
        if (refusal) {
            m.refusal.append(delta);
            event("response.refusal.delta")
                    .put("item_id", m.id)
                    .put("output_index", m.index)
                    .put("content_index", part)
                    .put("delta", delta);
        } else {
            m.text.append(delta);
            event("response.output_text.delta")
                    .put("item_id", m.id)
                    .put("output_index", m.index)
                    .put("content_index", part)
                    .put("delta", delta)
                    .putArray("logprobs");
        }
    }

    private void toolCall(JsonNode tc) {
        int index = tc.path("index").asInt(calls.size());
        Call call = calls.computeIfAbsent(index, i -> new Call());
        if (call.chatId == null && tc.path("id").isString()) {
            call.chatId = tc.get("id").stringValue();
        }
        JsonNode fn = tc.path("function");
        if (call.item == null && fn.path("name").isString()) {
            call.name = fn.get("name")
                    .stringValue(); // some servers repeat the name on every delta: the first naming counts
        }
        String argsDelta = fn.path("arguments").asString("");
        call.arguments.append(argsDelta);
        if (call.item == null && call.name != null && !call.name.isEmpty()) {
            closeReasoning();
            closeMessage();
            call.tool = names.tool(call.name);
            String prefix = call.tool.kind() == Kind.CUSTOM ? "ctc" : "fc";
            int outputIndex = output.size();
            ObjectNode item = ResponseShape.callItem(
                    responseId,
                    outputIndex,
                    call.tool,
                    ResponseShape.callId(
                            call.chatId == null ? null : NODES.stringNode(call.chatId), responseId, outputIndex),
                    "",
                    "in_progress");
            call.item = open(prefix, item);
            if (call.tool.kind() == Kind.CUSTOM) {
                call.freeform = new FreeformInput();
            }
            argsDelta = call.arguments.toString(); // what arrived before the name was known goes out now
        }
        if (call.item != null && !argsDelta.isEmpty()) {
            if (call.freeform != null) {
                String input = call.freeform.feed(argsDelta);
                if (!input.isEmpty()) {
                    event("response.custom_tool_call_input.delta")
                            .put("item_id", call.item.id)
                            .put("output_index", call.item.index)
                            .put("delta", input);
                }
            } else {
                event("response.function_call_arguments.delta")
                        .put("item_id", call.item.id)
                        .put("output_index", call.item.index)
                        .put("delta", argsDelta);
            }
        }
    }

    private Open open(String prefix, ObjectNode item) {
        int index = output.size();
        String id = ResponseShape.itemId(responseId, prefix, index);
        item.put("id", id);
        output.add(item);
        event("response.output_item.added").put("output_index", index).set("item", item.deepCopy());
        return new Open(index, id);
    }

    private void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        closeReasoning();
        closeMessage();
        for (Call call : calls.values()) {
            if (call.item == null) {
                continue; // never named: nothing was announced, nothing to close
            }
            ObjectNode item;
            if (call.freeform != null) {
                String input = FreeformInput.of(call.arguments.toString());
                String streamed = call.freeform.streamed();
                if (input.startsWith(streamed) && input.length() > streamed.length()) {
                    event("response.custom_tool_call_input.delta")
                            .put("item_id", call.item.id)
                            .put("output_index", call.item.index)
                            .put("delta", input.substring(streamed.length()));
                }
                event("response.custom_tool_call_input.done")
                        .put("item_id", call.item.id)
                        .put("output_index", call.item.index)
                        .put("input", input);
                item = ResponseShape.callItem(
                        responseId,
                        call.item.index,
                        call.tool,
                        output.get(call.item.index).get("call_id").stringValue(),
                        input,
                        "completed");
            } else {
                String arguments = call.arguments.toString();
                event("response.function_call_arguments.done")
                        .put("item_id", call.item.id)
                        .put("output_index", call.item.index)
                        .put("arguments", arguments);
                item = ResponseShape.callItem(
                        responseId,
                        call.item.index,
                        call.tool,
                        output.get(call.item.index).get("call_id").stringValue(),
                        arguments,
                        "completed");
            }
            done(call.item.index, item);
        }
    }

    private void closeReasoning() {
        if (reasoning == null) {
            return;
        }
        Open r = reasoning;
        reasoning = null;
        String text = r.text.toString();
        event("response.reasoning_summary_text.done")
                .put("item_id", r.id)
                .put("output_index", r.index)
                .put("summary_index", 0)
                .put("text", text);
        event("response.reasoning_summary_part.done")
                .put("item_id", r.id)
                .put("output_index", r.index)
                .put("summary_index", 0)
                .set("part", ResponseShape.summaryPart(text));
        done(r.index, ResponseShape.reasoningItem(r.id, text));
    }

    private void closeMessage() {
        if (message == null) {
            return;
        }
        Open m = message;
        message = null;
        ObjectNode item =
                ResponseShape.messageItem(m.id, Outcome.of(finishReason).messageStatus());
        ArrayNode content = (ArrayNode) item.get("content");
        for (int part = 0; part <= Math.max(m.textPart, m.refusalPart); part++) {
            ObjectNode p;
            if (part == m.textPart) {
                String text = m.text.toString();
                event("response.output_text.done")
                        .put("item_id", m.id)
                        .put("output_index", m.index)
                        .put("content_index", part)
                        .put("text", text)
                        .putArray("logprobs");
                p = ResponseShape.textPart(text);
            } else {
                String refusal = m.refusal.toString();
                event("response.refusal.done")
                        .put("item_id", m.id)
                        .put("output_index", m.index)
                        .put("content_index", part)
                        .put("refusal", refusal);
                p = ResponseShape.refusalPart(refusal);
            }
            event("response.content_part.done")
                    .put("item_id", m.id)
                    .put("output_index", m.index)
                    .put("content_index", part)
                    .set("part", p);
            content.add(p);
        }
        done(m.index, item);
    }

    private void done(int index, ObjectNode item) {
        output.set(index, item);
        event("response.output_item.done").put("output_index", index).set("item", item.deepCopy());
    }

    private ArrayNode outputArray() {
        ArrayNode out = NODES.arrayNode();
        output.forEach(i -> out.add(i.deepCopy()));
        return out;
    }

    private ObjectNode event(String type) {
        ObjectNode e = NODES.objectNode().put("type", type).put("sequence_number", sequence++);
        events.add(e);
        return e;
    }

    private List<ObjectNode> drain() {
        List<ObjectNode> out = events;
        events = new ArrayList<>();
        return out;
    }
}
