package io.sovereign.gateway.quota;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * Counts prompt tokens with a real BPE tokenizer (jtokkit, {@code o200k_base}, the encoding of o3-mini
 * and gpt-oss), for the token quota estimate and the budget's worst-case reservation. Thread-safe.
 *
 * <p>A chat prompt costs, per message, its text's tokens plus {@value #PER_MESSAGE_OVERHEAD} (the
 * start/role/end markers of the chat format), plus {@value #REPLY_PRIMING} once for the assistant turn
 * the model is primed with (OpenAI's published counting recipe). Text is encoded as ordinary text:
 * special-token strings typed by a user are counted as text, never interpreted.
 */
public final class TokenCounter implements io.sovereign.gateway.request.PromptCounter {
    public static final int PER_MESSAGE_OVERHEAD = 4;
    public static final int REPLY_PRIMING = 3;

    private final Encoding encoding;

    /** Loading a vocabulary takes seconds on a busy host: once per JVM, shared by every counter. */
    private static final class Registry {
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }

    public TokenCounter() {
        this(EncodingType.O200K_BASE);
    }

    public TokenCounter(EncodingType type) {
        this.encoding = Registry.INSTANCE.getEncoding(type);
    }

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** One string per message (its text parts, name and tool-call arguments joined by the caller). */
    public long countChatPrompt(List<String> messageTexts) {
        long total = REPLY_PRIMING;
        for (String text : messageTexts) {
            total += PER_MESSAGE_OVERHEAD + count(text);
        }
        return total;
    }

    /**
     * Prompt tokens as a chat API counts them: per message its role, content and name plus a fixed overhead
     * (see {@link TokenCounter#countChatPrompt}), plus tool definitions and embeddings input; the request's
     * other fields (model, options) are not prompt.
     */
    @Override
    public long promptTokens(List<io.sovereign.gateway.classify.TextSegment> segments) {
        java.util.Map<String, StringBuilder> messages = new java.util.LinkedHashMap<>();
        long other = 0;
        for (io.sovereign.gateway.classify.TextSegment s : segments) {
            String path = s.path();
            if (path.startsWith("messages[")) {
                messages.computeIfAbsent(path.substring(0, path.indexOf(']') + 1), k -> new StringBuilder())
                        .append(s.text())
                        .append(' ');
            } else if (path.startsWith("tools")
                    || path.startsWith("functions")
                    || path.startsWith("input")
                    || path.startsWith("prompt")) {
                other += count(s.text());
            }
        }
        return (messages.isEmpty()
                        ? 0
                        : countChatPrompt(messages.values().stream()
                                .map(StringBuilder::toString)
                                .toList()))
                + other;
    }
}
