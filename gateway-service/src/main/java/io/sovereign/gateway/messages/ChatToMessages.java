package io.sovereign.gateway.messages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat completion -> Anthropic Messages response: thinking (from {@code reasoning_content}), then text, then one
 * {@code tool_use} block per tool call; {@code finish_reason} mapped to {@code stop_reason}; usage in Anthropic's
 * terms (cached prompt tokens reported as cache reads, as Anthropic counts them apart from {@code input_tokens}).
 * The rules shared with {@link ChatToMessagesStream} live here, so both give the same content.
 */
public final class ChatToMessages {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Where a tool call's arguments are not a JSON object, the raw text is kept under this key (see {@link #toolInput}). */
    static final String RAW_ARGUMENTS = "_raw_arguments";

    private ChatToMessages() {}

    public static ObjectNode translate(JsonNode completion, ReplyOptions reply) {
        JsonNode choices = completion.path("choices");
        if (!choices.isArray()
                || choices.isEmpty()
                || !choices.get(0).path("message").isObject()) {
            throw new BadUpstreamReply("the chat completion has no choices[0].message");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        ObjectNode out = F.objectNode();
        out.put("id", messageId(completion.path("id").asString(null)));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", model(completion, reply));
        ArrayNode content = out.putArray("content");

        String reasoning = reasoningText(message);
        if (reply.thinking() != ReplyOptions.Thinking.NONE && !reasoning.isEmpty()) {
            content.addObject()
                    .put("type", "thinking")
                    .put("thinking", reply.thinking() == ReplyOptions.Thinking.SHOWN ? reasoning : "")
                    .put("signature", signature(reasoning));
        }
        String text = text(message.get("content"));
        String refusal = message.path("refusal").asString("");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        } else if (!refusal.isEmpty()) {
            content.addObject().put("type", "text").put("text", refusal);
        }
        JsonNode calls = message.path("tool_calls");
        boolean anyCall = false;
        if (calls.isArray()) {
            for (JsonNode call : calls) {
                JsonNode function = call.path("function");
                content.addObject()
                        .put("type", "tool_use")
                        .put("id", toolUseId(call.path("id").asString(null)))
                        .put("name", function.path("name").asString(""))
                        .set("input", toolInput(function.get("arguments")));
                anyCall = true;
            }
        }
        String finish = refusal.isEmpty() || !text.isEmpty()
                ? choice.path("finish_reason").asString(null)
                : "content_filter";
        StopReason stop = StopReason.of(finish, anyCall, choice.get("stop_reason"), reply);
        out.put("stop_reason", stop.reason());
        if (stop.sequence() == null) {
            out.putNull("stop_sequence");
        } else {
            out.put("stop_sequence", stop.sequence());
        }
        out.set("usage", usage(completion.get("usage")));
        return out;
    }

    /** The answer's text: a string, or (some servers) an array of text parts. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder s = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                s.append(part.path("text").asString(""));
            }
        }
        return s.toString();
    }

    /** vLLM, DeepSeek and local-inference say {@code reasoning_content}; newer vLLM and Ollama say {@code reasoning}. */
    static String reasoningText(JsonNode messageOrDelta) {
        JsonNode r = messageOrDelta.get("reasoning_content");
        if (r == null || !r.isString()) {
            r = messageOrDelta.get("reasoning");
        }
        return r != null && r.isString() ? r.stringValue() : "";
    }

    /**
     * A tool call's arguments as a tool_use {@code input} object. Blank arguments are {@code {}}. Arguments that are
     * not a JSON object (a model's broken JSON) are kept as {@code {"_raw_arguments": "..."}} rather than lost: the
     * client's tool then rejects the input with a validation error the model can see and correct.
     */
    static ObjectNode toolInput(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return F.objectNode();
        }
        if (arguments.isObject()) {
            return (ObjectNode) arguments;
        }
        String raw = arguments.asString("");
        if (raw.isBlank()) {
            return F.objectNode();
        }
        try {
            JsonNode parsed = MessagesToChat.JSON.readTree(raw);
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        } catch (JacksonException e) {
            // fall through: keep the raw text
        }
        return F.objectNode().put(RAW_ARGUMENTS, raw);
    }

    static ObjectNode usage(JsonNode usage) {
        long prompt = usage == null ? 0 : usage.path("prompt_tokens").asLong(0);
        long cached = usage == null
                ? 0
                : usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long completion = usage == null ? 0 : usage.path("completion_tokens").asLong(0);
        cached = Math.min(Math.max(cached, 0), prompt);
        return F.objectNode()
                .put("input_tokens", prompt - cached)
                .put("output_tokens", completion)
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", cached);
    }

    static String model(JsonNode completionOrChunk, ReplyOptions reply) {
        String upstream = completionOrChunk.path("model").asString("");
        return upstream.isEmpty() ? reply.requestedModel() : upstream;
    }

    /** msg_ plus the upstream's id where it has one (so logs on both sides line up), else a random one. */
    static String messageId(String chatId) {
        String base =
                chatId == null ? "" : chatId.replaceFirst("^chatcmpl-", "").replaceAll("[^A-Za-z0-9_-]", "");
        return "msg_" + (base.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : base);
    }

    /** Upstream call ids are kept (the client returns them in tool_result.tool_use_id); a missing one is minted. */
    static String toolUseId(String callId) {
        return callId == null || callId.isEmpty()
                ? "toolu_" + UUID.randomUUID().toString().replace("-", "")
                : callId;
    }

    /**
     * Anthropic's SDKs expect every thinking block to carry a signature, and clients send it back with the block.
     * No target can verify Anthropic's, so the gateway signs with a digest of the text: stable between the streamed
     * and the whole answer, and never mistaken for Anthropic's. Thinking sent back is dropped (see MessagesContent).
     */
    static String signature(String thinking) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(thinking.getBytes(StandardCharsets.UTF_8));
            return "gateway-sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** stop_reason with the matched stop sequence, where one can be told. */
    record StopReason(String reason, String sequence) {

        static StopReason of(String finishReason, boolean toolCalls, JsonNode matched, ReplyOptions reply) {
            if (finishReason == null) {
                return new StopReason(toolCalls ? "tool_use" : "end_turn", null);
            }
            return switch (finishReason) {
                case "length" -> new StopReason("max_tokens", null);
                case "tool_calls", "function_call" -> new StopReason("tool_use", null);
                case "content_filter" -> new StopReason("refusal", null);
                case "stop" -> {
                    if (toolCalls) {
                        yield new StopReason("tool_use", null); // some servers finish a tool call with "stop"
                    }
                    // OpenAI does not say which stop sequence ended the text; vLLM does, in choices[].stop_reason
                    if (matched != null
                            && matched.isString()
                            && reply.stopSequences().contains(matched.stringValue())) {
                        yield new StopReason("stop_sequence", matched.stringValue());
                    }
                    yield new StopReason("end_turn", null);
                }
                default -> new StopReason(toolCalls ? "tool_use" : "end_turn", null);
            };
        }
    }
}
