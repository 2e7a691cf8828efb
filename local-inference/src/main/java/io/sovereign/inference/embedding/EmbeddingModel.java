package io.sovereign.inference.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sentence-transformers style encoder (all-MiniLM-L6-v2 and the like) on ONNX Runtime: mean pooling over the
 * attention mask, then L2 normalisation, as sentence-transformers does. Thread-safe (ORT sessions are).
 */
public final class EmbeddingModel implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final TextTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final int maxTokens;

    private EmbeddingModel(OrtSession session, TextTokenizer tokenizer, int maxTokens) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        this.maxTokens = maxTokens;
    }

    /** A dir with one {@code *.onnx} and a {@code tokenizer.json} (or {@code *tokenizer*.json}). */
    public static EmbeddingModel open(Path dir, DecoderModel.Device device, int threads) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("embedding model dir " + dir + " does not exist or is not a directory");
        }
        Path onnx = single(dir, ".onnx", "model.onnx");
        Path tokenizerJson = single(dir, "tokenizer.json", "tokenizer.json");
        TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson, true);
        try {
            OrtSession session = OrtEnvironment.getEnvironment()
                    .createSession(onnx.toString(), DecoderModel.sessionOptions(device, threads));
            return new EmbeddingModel(session, tokenizer, 512);
        } catch (OrtException e) {
            tokenizer.close();
            throw new ModelLoadException("ONNX Runtime cannot load " + onnx + ": " + e.getMessage());
        }
    }

    private static Path single(Path dir, String suffix, String preferred) {
        if (Files.isRegularFile(dir.resolve(preferred))) {
            return dir.resolve(preferred);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
            if (found.size() != 1) {
                throw new ModelLoadException(
                        "embedding model dir " + dir + " needs exactly one *" + suffix + " file, found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Token ids and mask per text, before embedding (to count and check lengths). */
    public Encoding[] tokenize(List<String> texts) {
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encodeWithMask(texts.get(i));
        }
        return encodings;
    }

    /** Unit-length embeddings, one batch run for all texts. */
    public float[][] embed(Encoding[] encodings) throws OrtException {
        int rows = encodings.length;
        int len = 0;
        for (Encoding e : encodings) len = Math.max(len, e.getIds().length);
        long[] ids = new long[rows * len];
        long[] mask = new long[rows * len];
        long[] types = new long[rows * len];
        for (int r = 0; r < rows; r++) {
            long[] e = encodings[r].getIds();
            long[] m = encodings[r].getAttentionMask();
            long[] t = encodings[r].getTypeIds();
            System.arraycopy(e, 0, ids, r * len, e.length);
            System.arraycopy(m, 0, mask, r * len, m.length);
            System.arraycopy(t, 0, types, r * len, t.length);
        }
        long[] shape = {rows, len};
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(in)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                int dim = (int) hidden.getInfo().getShape()[2];
                FloatBuffer values = hidden.getFloatBuffer();
                float[][] out = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    out[r] = meanPoolNormalize(values, r * len * dim, len, dim, mask, r * len);
                }
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] meanPoolNormalize(FloatBuffer hidden, int base, int len, int dim, long[] mask, int offset) {
        double[] sum = new double[dim];
        int count = 0;
        for (int t = 0; t < len; t++) {
            if (mask[offset + t] == 0) continue;
            count++;
            for (int d = 0; d < dim; d++) sum[d] += hidden.get(base + t * dim + d);
        }
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            sum[d] /= Math.max(count, 1);
            norm += sum[d] * sum[d];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[dim];
        for (int d = 0; d < dim; d++) out[d] = (float) (sum[d] / norm);
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
