package io.sovereign.inference.engine;

/** How a generation ended. {@code completionTokens} counts every token the model produced, EOS included. */
public record GenerationResult(
        FinishReason finishReason,
        int promptTokens,
        int completionTokens,
        long[] outputIds,
        double timeToFirstTokenSeconds) {

    /** OpenAI's finish_reason values. */
    public enum FinishReason {
        STOP("stop"),
        LENGTH("length"),
        TOOL_CALLS("tool_calls"),
        CANCELLED("cancelled");

        private final String wire;

        FinishReason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
