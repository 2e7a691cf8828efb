package io.sovereign.gateway.request;

import io.sovereign.gateway.classify.RequestContent;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request as the core sees it, whatever API the caller spoke: a front-end ({@link FrontEnd}) parses the wire
 * body into this once, and nothing after PARSE reads the wire format again.
 *
 * @param api             the API the caller spoke (the metrics' {@code api} label)
 * @param model           the model name the caller asked for ({@code auto} lets the policy choose)
 * @param dialect         the dialect {@code body} is in, which is what targets are sent
 * @param body            the request as a JSON tree in {@code dialect}; fields the gateway does not model are kept
 *                        here and pass through unchanged. Never mutated: encoding and redaction work on copies
 * @param codec           encodes {@code body} for a target, and rebuilds the request after redaction
 * @param content         every text (with the path it came from), key, attachment and input kind that would
 *                        leave the building: what the classifier reads, and what prompt tokens are counted from
 * @param tools           the tools offered to the model
 * @param maxOutputTokens the caller's output cap, or null (the target's {@code max_output_tokens} then applies)
 * @param choices         how many choices ({@code n}) the caller asked for; 1 for embeddings
 * @param stream          whether the answer comes as server-sent events
 * @param includeUsage    whether the caller asked for the usage chunk of a stream
 * @param items           messages (chat) or inputs (embeddings), for logs
 * @param tokens          the prompt-token count, computed on first use ({@link #promptTokens})
 */
public record CanonicalRequest(
        Api api,
        String model,
        Dialect dialect,
        ObjectNode body,
        BodyCodec codec,
        RequestContent content,
        List<Tool> tools,
        Long maxOutputTokens,
        int choices,
        boolean stream,
        boolean includeUsage,
        int items,
        TokenEstimate tokens) {

    public CanonicalRequest {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(content, "content");
        tools = List.copyOf(tools);
        tokens = tokens == null ? new TokenEstimate() : tokens;
    }

    /** Whether the target produces text (and so an output cap and choices apply), as opposed to vectors. */
    public boolean generates() {
        return dialect == Dialect.CHAT_COMPLETIONS;
    }

    /** Prompt tokens, counted with {@code counter} the first time anything asks (a quota or a budget). */
    public long promptTokens(PromptCounter counter) {
        return tokens.promptTokens(counter, content.segments());
    }

    /** The body for {@code target}, in {@link #dialectFor}. */
    public byte[] encodeFor(TargetDialect target) {
        return codec.encode(this, target);
    }

    /** The dialect {@code target} is sent: the caller's own API's where the target speaks it natively, else {@link #dialect}. */
    public Dialect dialectFor(TargetDialect target) {
        Dialect own = api.passthrough();
        return target.passthrough() && own != null ? own : dialect;
    }

    @Override
    public String toString() {
        return "CanonicalRequest[api=" + api.id() + ", model=" + model + ", items=" + items + ", stream=" + stream
                + "]";
    }
}
