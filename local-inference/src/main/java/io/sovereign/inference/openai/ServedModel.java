package io.sovereign.inference.openai;

import io.sovereign.inference.engine.GenerationEngine;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.template.ChatTemplate;

import java.util.Optional;

/** The generative model as the API sees it: its public name, tokenizer, chat template, engine and defaults. */
public record ServedModel(String name, TextTokenizer tokenizer, Optional<ChatTemplate> chatTemplate,
                          GenerationEngine engine, double defaultTemperature, double defaultTopP, int defaultTopK,
                          long createdEpochSeconds) {
}
