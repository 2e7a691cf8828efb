package io.sovereign.gateway.request;

import io.sovereign.gateway.classify.TextSegment;
import java.util.List;

/** Counts the prompt tokens of a request's texts (a real tokenizer; costly on long prompts, so asked only when needed). */
@FunctionalInterface
public interface PromptCounter {
    long promptTokens(List<TextSegment> segments);
}
