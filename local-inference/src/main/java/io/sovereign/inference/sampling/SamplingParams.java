package io.sovereign.inference.sampling;

import java.util.OptionalLong;

/** How the next token is chosen: temperature 0 (or top_k 1) is greedy; a seed makes sampling reproducible. */
public record SamplingParams(double temperature, double topP, int topK, OptionalLong seed) {
    public SamplingParams {
        if (temperature < 0 || temperature > 2) {
            throw new IllegalArgumentException("temperature must be between 0 and 2");
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("top_p must be in (0, 1]");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0");
        }
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0, 1, 0, OptionalLong.empty());
    }

    public boolean isGreedy() {
        return temperature == 0 || topK == 1;
    }
}
