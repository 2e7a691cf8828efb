package io.sovereign.gateway.openai;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Watches a target's answer go by to learn what it cost: the {@code usage} object of a JSON answer, or of
 * the final chunk of an SSE stream (which the gateway always asks for, and removes again when the caller
 * did not). Also keeps the generated text, bounded, so that a stream cut short can be charged for what
 * was generated. Not thread-safe: one per response, fed in order.
 */
public final class UsageTap {

    /** Token counts as the target reported them; {@code reported} is false when they were missing. */
    public record Usage(long promptTokens, long cachedPromptTokens, long completionTokens) {
    }

    private static final int MAX_JSON_BYTES = 8 * 1024 * 1024;
    private static final int MAX_TEXT_CHARS = 1024 * 1024;

    private final boolean stream;
    private final boolean stripUsageEvent;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final SseFramer framer = new SseFramer();
    private final StringBuilder generated = new StringBuilder();
    private Usage usage;

    public UsageTap(boolean stream, boolean stripUsageEvent) {
        this.stream = stream;
        this.stripUsageEvent = stripUsageEvent;
    }

    /**
     * Feeds the next bytes of the answer; returns what to send on to the caller now. For a JSON answer that
     * is the chunk itself; for a stream it is every complete event received so far, minus a usage-only
     * event the caller did not ask for (a partial event waits for its end).
     */
    public byte[] accept(byte[] chunk) {
        if (!stream) {
            if (pending.size() + chunk.length <= MAX_JSON_BYTES) {
                pending.writeBytes(chunk);
            }
            return chunk;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + 16);
        for (String event : framer.accept(chunk)) {
            if (!event(event)) {
                out.writeBytes(SseFramer.frame(event));
            }
        }
        return out.toByteArray();
    }

    /** The end of the answer: whatever is left (a stream's unterminated tail), and the JSON answer's usage. */
    public byte[] finish() {
        if (stream) {
            return framer.finish();
        }
        byte[] rest = pending.toByteArray();
        pending.reset();
        try {
            JsonNode root = RequestParser.JSON.readTree(rest);
            readUsage(root.get("usage"));
            for (JsonNode choice : root.path("choices")) {
                appendText(choice.path("message").path("content"));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not JSON (or cut short): charge by the counted prompt and nothing else
        }
        return new byte[0];
    }

    /** Usage as the target reported it, or null. */
    public Usage usage() {
        return usage;
    }

    /** The text generated so far (bounded), to count when the target reported no usage. */
    public String generatedText() {
        return generated.toString();
    }

    /** Handles one SSE event; true when it must not be passed on. */
    private boolean event(String event) {
        if (!event.startsWith("data:") || event.contains("[DONE]")) {
            return false;
        }
        boolean hasUsage = event.contains("\"usage\"");
        if (!hasUsage && !event.contains("\"content\"")) {
            return false;
        }
        JsonNode chunk;
        try {
            chunk = RequestParser.JSON.readTree(event.substring(5).trim());
        } catch (JacksonException e) {
            return false;
        }
        for (JsonNode choice : chunk.path("choices")) {
            appendText(choice.path("delta").path("content"));
        }
        JsonNode u = chunk.get("usage");
        if (u != null && !u.isNull()) {
            readUsage(u);
            // the final usage-only chunk (no choices) exists because the gateway asked for it
            return stripUsageEvent && chunk.path("choices").isEmpty();
        }
        return false;
    }

    private void readUsage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return;
        }
        usage = new Usage(u.path("prompt_tokens").asLong(0), u.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                u.path("completion_tokens").asLong(0));
    }

    private void appendText(JsonNode content) {
        if (content.isString() && generated.length() < MAX_TEXT_CHARS) {
            generated.append(content.stringValue(), 0, Math.min(content.stringValue().length(), MAX_TEXT_CHARS - generated.length()));
        }
    }
}
