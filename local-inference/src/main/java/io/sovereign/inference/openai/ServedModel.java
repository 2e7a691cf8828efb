package io.sovereign.inference.openai;

import io.sovereign.inference.engine.GenerationEngine;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.template.ChatTemplate;
import java.util.Optional;

/**
 * The generative model as the API sees it: its public name, tokenizer, chat template, engine and defaults;
 * {@code defaultMaxTokens} caps the output of a request that sets no max_tokens (else one call could hold a slot
 * for the whole context, and a caller's budget could not know the worst case).
 */
public record ServedModel(
        String name,
        TextTokenizer tokenizer,
        Optional<ChatTemplate> chatTemplate,
        GenerationEngine engine,
        double defaultTemperature,
        double defaultTopP,
        int defaultTopK,
        long createdEpochSeconds,
        int defaultMaxTokens) {}
