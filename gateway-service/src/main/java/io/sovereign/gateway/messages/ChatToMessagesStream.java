package io.sovereign.gateway.messages;

import io.sovereign.gateway.error.AnthropicErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat-completions stream -> Anthropic Messages event stream, one parsed chunk at a time, each event emitted as
 * soon as its chunk arrives: {@code message_start} (and a {@code ping}) on the first chunk; then each content block
 * as {@code content_block_start}, deltas and {@code content_block_stop}; at the end {@code message_delta} (stop
 * reason, usage) and {@code message_stop}. Anthropic blocks never interleave, so a block is closed when the next
 * kind of content starts: reasoning, text and tool calls arrive in that order from every server seen, giving the
 * same content as {@link ChatToMessages}; a server that goes back to reasoning or text gets a new block for it,
 * and one that goes back to an earlier tool call's arguments fails the stream with an {@code error} event (a block
 * cannot be reopened, and a corrupted call would be worse).
 *
 * <p>Tool-call arguments are passed on as {@code input_json_delta} fragments verbatim (Claude Code shows them as
 * they come), so where a model writes broken JSON the client's own parser sees it; the whole-answer translation
 * keeps such arguments as {@code _raw_arguments} instead.
 *
 * <p>Not thread-safe: one instance per response, fed in order.
 */
public final class ChatToMessagesStream {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private enum Block {
        NONE,
        THINKING,
        TEXT,
        TOOL
    }

    private final ReplyOptions reply;
    private final long estimatedInputTokens;
    private boolean started;
    private boolean done;
    private int index = -1; // Anthropic index of the open block
    private Block open = Block.NONE;
    private int openToolIndex = -1; // chat tool_calls[].index of the open tool_use block
    private final Set<Integer> seenTools = new HashSet<>(); // tool_calls[].index values given a block so far
    private final StringBuilder thinking = new StringBuilder();
    private boolean anyToolCall;
    private boolean answered;
    private boolean refused;
    private String finishReason;
    private JsonNode matchedStop;
    private JsonNode usage;

    /**
     * @param estimatedInputTokens the prompt's token estimate, reported in {@code message_start} (chat streams
     *                             report usage only at the end; {@code message_delta} then carries the real count)
     */
    public ChatToMessagesStream(ReplyOptions reply, long estimatedInputTokens) {
        this.reply = reply;
        this.estimatedInputTokens = estimatedInputTokens;
    }

    /** Translates one parsed {@code data:} payload of the chat stream (not {@code [DONE]}). */
    public List<SseEvent> onChunk(JsonNode chunk) {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        JsonNode error = chunk.get("error");
        if (error != null && (error.isObject() || error.isString())) {
            // an upstream that fails mid-stream reports it in-band; Anthropic's clients expect an error event
            return error.isString()
                    ? fail("api_error", error.stringValue())
                    : fail(
                            AnthropicErrors.typeForOpenAiError(error),
                            error.path("message").asString("The target failed mid-stream."));
        }
        start(chunk, out);
        if (chunk.hasNonNull("usage") && chunk.get("usage").isObject()) {
            usage = chunk.get("usage");
        }
        JsonNode choices = chunk.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            return out;
        }
        JsonNode choice = choices.get(0); // Messages has no n > 1: further choices are not part of the answer
        JsonNode delta = choice.path("delta");
        String reasoning = ChatToMessages.reasoningText(delta);
        if (!reasoning.isEmpty() && reply.thinking() != ReplyOptions.Thinking.NONE) {
            if (open != Block.THINKING) {
                openBlock(
                        Block.THINKING,
                        F.objectNode()
                                .put("type", "thinking")
                                .put("thinking", "")
                                .put("signature", ""),
                        out);
            }
            thinking.append(reasoning);
            if (reply.thinking() == ReplyOptions.Thinking.SHOWN) {
                out.add(delta("thinking_delta", "thinking", reasoning));
            }
        }
        String text = ChatToMessages.text(delta.get("content"));
        if (!text.isEmpty()) {
            answered = true;
        } else {
            text = delta.path("refusal").asString(""); // OpenAI's refusal arrives as its own text
            refused |= !text.isEmpty();
        }
        if (!text.isEmpty()) {
            if (open != Block.TEXT) {
                openBlock(Block.TEXT, F.objectNode().put("type", "text").put("text", ""), out);
            }
            out.add(delta("text_delta", "text", text));
        }
        JsonNode calls = delta.path("tool_calls");
        if (calls.isArray()) {
            for (JsonNode call : calls) {
                if (!toolCall(call, out)) {
                    return out;
                }
            }
        }
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asString(null);
            matchedStop = choice.get("stop_reason");
        }
        return out;
    }

    /** The upstream stream ended ({@code [DONE]} or end of body): close the open block and the message. */
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        start(F.objectNode(), out);
        closeBlock(out);
        // as in the whole answer: a refusal without an answer ends as a refusal, whatever finish_reason said
        String finish = refused && !answered ? "content_filter" : finishReason;
        ChatToMessages.StopReason stop = ChatToMessages.StopReason.of(finish, anyToolCall, matchedStop, reply);
        ObjectNode messageDelta = F.objectNode().put("type", "message_delta");
        ObjectNode d = messageDelta.putObject("delta").put("stop_reason", stop.reason());
        if (stop.sequence() == null) {
            d.putNull("stop_sequence");
        } else {
            d.put("stop_sequence", stop.sequence());
        }
        // cumulative totals: Anthropic's clients overwrite message_start's counts with these
        messageDelta.set("usage", usage == null ? F.objectNode().put("output_tokens", 0) : ChatToMessages.usage(usage));
        out.add(new SseEvent("message_delta", messageDelta));
        out.add(new SseEvent("message_stop", F.objectNode().put("type", "message_stop")));
        done = true;
        return out;
    }

    /**
     * The upstream failed after the response began (error answer, reset, timeout): one {@code error} event, after
     * which the stream is over. {@code type} is an Anthropic error type, e.g. from {@link AnthropicErrors#typeFor}.
     */
    public List<SseEvent> fail(String type, String message) {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        done = true;
        out.add(new SseEvent("error", AnthropicErrors.body(type, message)));
        return out;
    }

    /** A keep-alive the caller may send while the upstream is quiet (Anthropic sends them too). */
    public SseEvent ping() {
        return new SseEvent("ping", F.objectNode().put("type", "ping"));
    }

    public boolean started() {
        return started;
    }

    public boolean done() {
        return done;
    }

    private void start(JsonNode chunk, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = F.objectNode();
        message.put("id", ChatToMessages.messageId(chunk.path("id").asString(null)));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", ChatToMessages.model(chunk, reply));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage")
                .put("input_tokens", estimatedInputTokens)
                .put("output_tokens", 0)
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0);
        ObjectNode event = F.objectNode().put("type", "message_start");
        event.set("message", message);
        out.add(new SseEvent("message_start", event));
        out.add(ping());
    }

    /** Returns false when the call cannot be carried (the stream has then failed). */
    private boolean toolCall(JsonNode call, List<SseEvent> out) {
        int toolIndex = call.path("index").asInt(0);
        JsonNode function = call.path("function");
        if (open != Block.TOOL || toolIndex != openToolIndex) {
            if (!seenTools.add(toolIndex)) {
                // Anthropic blocks cannot be reopened: a server that interleaves parallel calls' arguments cannot be
                // relayed as it arrives. Failing is better than a corrupt call; Claude Code then retries unstreamed.
                out.addAll(fail(
                        "api_error",
                        "The target interleaved the arguments of parallel tool calls, which "
                                + "cannot be streamed as Anthropic events; retry the request without streaming."));
                return false;
            }
            anyToolCall = true;
            ObjectNode block = F.objectNode()
                    .put("type", "tool_use")
                    .put("id", ChatToMessages.toolUseId(call.path("id").asString(null)))
                    .put("name", function.path("name").asString(""));
            block.putObject("input");
            openBlock(Block.TOOL, block, out);
            openToolIndex = toolIndex;
        }
        JsonNode arguments = function.get("arguments");
        String fragment = arguments == null || arguments.isNull()
                ? ""
                : arguments.isString() ? arguments.stringValue() : arguments.toString();
        if (!fragment.isEmpty()) {
            out.add(delta("input_json_delta", "partial_json", fragment));
        }
        return true;
    }

    private void openBlock(Block kind, ObjectNode contentBlock, List<SseEvent> out) {
        closeBlock(out);
        index++;
        open = kind;
        ObjectNode event = F.objectNode().put("type", "content_block_start").put("index", index);
        event.set("content_block", contentBlock);
        out.add(new SseEvent("content_block_start", event));
    }

    private void closeBlock(List<SseEvent> out) {
        if (open == Block.NONE) {
            return;
        }
        if (open == Block.THINKING) {
            out.add(delta("signature_delta", "signature", ChatToMessages.signature(thinking.toString())));
            thinking.setLength(0);
        }
        out.add(new SseEvent(
                "content_block_stop",
                F.objectNode().put("type", "content_block_stop").put("index", index)));
        open = Block.NONE;
        openToolIndex = -1;
    }

    private SseEvent delta(String type, String field, String value) {
        ObjectNode event = F.objectNode().put("type", "content_block_delta").put("index", index);
        event.putObject("delta").put("type", type).put(field, value);
        return new SseEvent("content_block_delta", event);
    }
}
