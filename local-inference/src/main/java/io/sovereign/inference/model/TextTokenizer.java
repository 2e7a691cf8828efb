package io.sovereign.inference.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sovereign.inference.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The model's own tokenizer.json through the Hugging Face tokenizers library (DJL's Java binding). */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Special tokens are only those the text (or the rendered chat template) contains: the template already
     * writes BOS, so the tokenizer must not add another one.
     */
    public static TextTokenizer load(Path tokenizerJson, boolean addSpecialTokens) {
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(
                    tokenizerJson,
                    Map.of(
                            "addSpecialTokens",
                            Boolean.toString(addSpecialTokens),
                            "truncation",
                            "false",
                            "padding",
                            "false")));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage());
        }
    }

    public long[] encode(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** Ids and attention mask, for the embedding model. */
    public ai.djl.huggingface.tokenizers.Encoding encodeWithMask(String text) {
        return tokenizer.encode(text);
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
