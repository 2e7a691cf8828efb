package io.sovereign.inference.engine;

import io.sovereign.inference.sampling.SamplingParams;
import java.util.List;

/**
 * One generation: prompt token ids, limits and sampling. {@code harmony} routes the output through the
 * gpt-oss channel parser (final -> content, analysis -> reasoning).
 */
public record GenerationRequest(
        long[] promptIds,
        int maxTokens,
        SamplingParams sampling,
        List<String> stop,
        boolean harmony,
        long receivedNanos) {
    public GenerationRequest {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1");
        }
        stop = List.copyOf(stop);
    }
}
