package io.sovereign.gateway.stream;

import java.util.function.ToLongFunction;
import tools.jackson.databind.JsonNode;

/**
 * Learns what an answer cost as it goes by: the {@code usage} object of a whole answer or of a stream's usage
 * chunk (which the gateway always asks for), and, for when the upstream reports none or the stream is cut
 * short, the generated text (bounded) to count. The only place an upstream's usage is kept for settling: this
 * handler reads a chat-completions answer, {@link ResponsesUsageCapture} a Responses one into the same counts.
 */
public final class UsageCapture implements StreamHandler {

    /** Token counts as the upstream reported them. */
    public record Usage(long promptTokens, long cachedPromptTokens, long completionTokens) {}

    /** What to settle: the upstream's own counts when {@code reported}, else the counted prompt and generated text. */
    public record Charge(long inputTokens, long cachedInputTokens, long outputTokens, boolean reported) {}

    static final int MAX_TEXT_CHARS = 1024 * 1024;

    private final StringBuilder generated = new StringBuilder();
    private Usage usage;

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (event.kind() == StreamEvent.Kind.DATA) {
            JsonNode json = event.json();
            if (json != null && json.isObject()) {
                read(json, event.isWhole() ? "message" : "delta");
            }
        }
        next.emit(event);
    }

    private void read(JsonNode json, String part) {
        JsonNode u = json.get("usage");
        if (u != null && u.isObject()) {
            // cumulative where an upstream repeats it: the last one seen is the total
            report(new Usage(
                    u.path("prompt_tokens").asLong(0),
                    u.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                    u.path("completion_tokens").asLong(0)));
        }
        for (JsonNode choice : json.path("choices")) {
            JsonNode content = choice.path(part).path("content");
            if (content.isString()) {
                generated(content.stringValue());
            }
        }
    }

    /** The upstream's own counts (the last report wins): for a reader of another dialect ({@link ResponsesUsageCapture}). */
    void report(Usage u) {
        usage = u;
    }

    /** Generated text as it goes by (bounded), to count when no usage comes. */
    void generated(String text) {
        if (generated.length() < MAX_TEXT_CHARS) {
            generated.append(text, 0, Math.min(text.length(), MAX_TEXT_CHARS - generated.length()));
        }
    }

    /** The upstream's usage, or null if it sent none (yet). */
    public Usage usage() {
        return usage;
    }

    /** The text generated so far (bounded). */
    public String generatedText() {
        return generated.toString();
    }

    /**
     * What the answer is charged: the upstream's usage if it sent one, else the prompt as counted before the call
     * and the generated text as counted now (a stream cut short pays for the words it got, not nothing).
     */
    public Charge charge(long countedPromptTokens, ToLongFunction<String> tokens) {
        Usage u = usage;
        if (u != null) {
            return new Charge(u.promptTokens(), u.cachedPromptTokens(), u.completionTokens(), true);
        }
        return new Charge(countedPromptTokens, 0, tokens.applyAsLong(generated.toString()), false);
    }
}
