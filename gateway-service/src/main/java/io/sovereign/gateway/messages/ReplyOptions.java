package io.sovereign.gateway.messages;

import java.util.List;

/**
 * What the answer to one Messages request must look like, taken from the request: which stop sequences can be
 * reported as {@code stop_sequence}, and whether the target's reasoning comes back as {@code thinking} blocks.
 *
 * @param requestedModel the model name the caller sent (used when the upstream does not name its model)
 * @param stopSequences  the caller's {@code stop_sequences}, empty when none
 * @param thinking       how reasoning is returned
 */
public record ReplyOptions(String requestedModel, List<String> stopSequences, Thinking thinking) {

    /** How a target's reasoning ({@code reasoning_content}) is returned. */
    public enum Thinking {
        /** The caller did not ask for thinking: reasoning is dropped, so {@code content[0]} stays the answer text. */
        NONE,
        /** {@code thinking} blocks with the reasoning text and a signature. */
        SHOWN,
        /** {@code display: "omitted"}: thinking blocks carry only the signature, as Anthropic returns them. */
        OMITTED
    }

    public ReplyOptions {
        stopSequences = List.copyOf(stopSequences);
    }

    /** For an answer with no request at hand (tests, replays): reasoning shown, no stop sequences. */
    public static ReplyOptions showingThinking(String model) {
        return new ReplyOptions(model, List.of(), Thinking.SHOWN);
    }
}
