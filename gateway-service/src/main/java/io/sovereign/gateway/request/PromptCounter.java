package io.sovereign.gateway.request;

import java.util.List;

import io.sovereign.gateway.classify.TextSegment;

/** Counts the prompt tokens of a request's texts (a real tokenizer; costly on long prompts, so asked only when needed). */
@FunctionalInterface
public interface PromptCounter {
    long promptTokens(List<TextSegment> segments);
}
