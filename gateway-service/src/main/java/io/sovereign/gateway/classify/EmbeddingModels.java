package io.sovereign.gateway.classify;

import java.util.List;

/**
 * Names of the bundled sentence-embedding models a semantic detector may use. Kept apart from
 * {@link MiniLmEmbedder} so validating a policy never touches ONNX Runtime.
 */
public final class EmbeddingModels {
    /** fp32 all-MiniLM-L6-v2 (the default) and its int8 quantisation (about twice as fast, cosine ~0.99). */
    public static final List<String> NAMES = List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q");

    private EmbeddingModels() {}
}
