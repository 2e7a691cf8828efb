package io.sovereign.inference.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A causal-LM ONNX export driven step by step with a KV cache. Inputs and outputs are discovered by name
 * ({@code input_ids}, {@code attention_mask}, {@code position_ids}, {@code past_key_values.N.key|value} ->
 * {@code present.N.key|value}, {@code logits}), fp32 or fp16, so one runner serves any such export.
 * Not thread-safe: one engine thread owns it.
 */
public final class DecoderModel implements AutoCloseable {
    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");
    private static final java.util.Set<String> KNOWN_INPUTS =
            java.util.Set.of("input_ids", "attention_mask", "position_ids", "use_cache_branch");

    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<String> pastNames = new ArrayList<>();
    private final List<String> presentNames = new ArrayList<>();
    private final boolean hasMask;
    private final boolean hasPositions;
    private final boolean hasCacheBranch;
    private final String logitsName;
    private final OnnxJavaType logitsType;
    private final int vocabSize;
    private final KvCache.CacheShape cacheShape;
    private static final long LOGITS_BUDGET_BYTES = 256L << 20;
    private ByteBuffer logits = ByteBuffer.allocateDirect(0);
    private int prefillChunkTokens;

    private DecoderModel(
            OrtEnvironment env,
            OrtSession session,
            int fallbackHeads,
            int fallbackHeadDim,
            int fallbackVocab,
            int slidingWindow)
            throws OrtException {
        this.env = env;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (!inputs.containsKey("input_ids")) {
            throw new ModelLoadException("the ONNX graph has no input_ids input (inputs: " + inputs.keySet() + ")");
        }
        for (String name : inputs.keySet()) {
            if (!KNOWN_INPUTS.contains(name) && !PAST.matcher(name).matches()) {
                throw new ModelLoadException(
                        "the ONNX graph needs input '" + name + "', which this runner does not feed "
                                + "(it feeds input_ids, attention_mask, position_ids, use_cache_branch, past_key_values.N.key|value)");
            }
        }
        hasMask = inputs.containsKey("attention_mask");
        hasPositions = inputs.containsKey("position_ids");
        hasCacheBranch = inputs.containsKey("use_cache_branch");
        TreeMap<Integer, String[]> layers = new TreeMap<>();
        for (String name : inputs.keySet()) {
            Matcher m = PAST.matcher(name);
            if (m.matches()) {
                String present = "present." + m.group(1) + "." + m.group(2);
                if (!outputs.containsKey(present)) {
                    throw new ModelLoadException("input " + name + " has no matching output " + present);
                }
                String[] pair = layers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2]);
                pair["key".equals(m.group(2)) ? 0 : 1] = name;
            }
        }
        if (layers.isEmpty()) {
            throw new ModelLoadException("the ONNX graph has no past_key_values.N.key|value inputs: "
                    + "export it with a KV cache (e.g. optimum's text-generation-with-past)");
        }
        for (String[] pair : layers.values()) {
            for (String past : pair) {
                pastNames.add(past);
                presentNames.add(past.replace("past_key_values.", "present."));
            }
        }
        TensorInfo kv = (TensorInfo) inputs.get(pastNames.get(0)).getInfo();
        for (String past : pastNames) {
            long[] dims = ((TensorInfo) inputs.get(past).getInfo()).getShape();
            long[] first = kv.getShape();
            if (dims.length != 4 || dims[1] != first[1] || dims[3] != first[3]) {
                throw new ModelLoadException(
                        "input " + past + " has shape " + java.util.Arrays.toString(dims) + ", unlike "
                                + pastNames.get(0) + " " + java.util.Arrays.toString(first)
                                + ": this runner needs one cache shape "
                                + "[batch, kv_heads, past, head_dim] for every layer");
            }
            if (dims[2] > 0) {
                // a fixed past length is a static buffer the graph writes into in place (a ring or a shared
                // past/present buffer), which this runner does not keep: refusing beats attending to the wrong
                // positions
                throw new ModelLoadException("input " + past + " has a fixed past length of " + dims[2] + " positions; "
                        + "this runner needs dynamic past lengths (a cache that grows, or one the graph trims to its "
                        + "window, as discovered at start)");
            }
        }
        long[] kvDims = kv.getShape();
        int heads = kvDims.length == 4 && kvDims[1] > 0 ? (int) kvDims[1] : fallbackHeads;
        int headDim = kvDims.length == 4 && kvDims[3] > 0 ? (int) kvDims[3] : fallbackHeadDim;
        if (heads <= 0 || headDim <= 0) {
            throw new ModelLoadException("cannot tell the KV cache's heads/head_dim from the graph or config.json");
        }
        // a graph without position_ids derives positions from the mask (the genai builder's GroupQueryAttention:
        // seqlens_k = sum(mask) - 1), so its rows must start at slot 0: left padding would shift every position
        KvCache.Layout layout = hasPositions || !hasMask ? KvCache.Layout.LEFT_PADDED : KvCache.Layout.PREFIX_ALIGNED;
        KvCache.CacheShape grown = new KvCache.CacheShape(pastNames.size(), heads, headDim, kv.type, layout);
        grown.elementBytes();
        logitsName = outputs.containsKey("logits")
                ? "logits"
                : outputs.keySet().iterator().next();
        TensorInfo li = (TensorInfo) outputs.get(logitsName).getInfo();
        logitsType = li.type;
        long[] ld = li.getShape();
        vocabSize = ld.length == 3 && ld[2] > 0 ? (int) ld[2] : fallbackVocab;
        if (vocabSize <= 0) {
            throw new ModelLoadException("cannot tell the vocabulary size from the graph or config.json");
        }
        prefillChunkTokens = (int) Math.max(1, Math.min(512, LOGITS_BUDGET_BYTES / (4L * vocabSize)));
        cacheShape = slidingWindow > 0 ? withWindows(grown, slidingWindow) : grown;
    }

    /**
     * Finds which layers keep a window-sized cache: one step with a past one position longer than the model's
     * sliding window, outputs not pinned, and each present's length read. A layer whose present is that past plus
     * the new token grows with the sequence; one whose present is shorter keeps that many positions (its graph trims
     * each row to its last ones, at the front). Export metadata does not say this, the graph's shapes do.
     */
    private KvCache.CacheShape withWindows(KvCache.CacheShape grown, int slidingWindow) throws OrtException {
        int past = slidingWindow + 1;
        List<OnnxTensor> owned = new ArrayList<>();
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put(
                    "input_ids",
                    track(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {0}), new long[] {1, 1})));
            if (hasMask) {
                long[] ones = new long[past + 1];
                java.util.Arrays.fill(ones, 1);
                in.put(
                        "attention_mask",
                        track(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(ones), new long[] {1, past + 1})));
            }
            if (hasPositions) {
                in.put(
                        "position_ids",
                        track(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {past}), new long[] {1, 1
                        })));
            }
            if (hasCacheBranch) {
                in.put("use_cache_branch", track(owned, OnnxTensor.createTensor(env, new boolean[] {true})));
            }
            ByteBuffer zeros =
                    ByteBuffer.allocateDirect(grown.bytesPerPosition() * past).order(ByteOrder.nativeOrder());
            for (String name : pastNames) {
                in.put(
                        name,
                        track(
                                owned,
                                OnnxTensor.createTensor(
                                        env,
                                        zeros.duplicate(),
                                        new long[] {1, grown.heads(), past, grown.headDim()},
                                        grown.type())));
            }
            int[] windows = new int[pastNames.size()];
            boolean any = false;
            try (OrtSession.Result result = session.run(in, new java.util.HashSet<>(presentNames))) {
                for (int i = 0; i < presentNames.size(); i++) {
                    long[] dims = ((TensorInfo) result.get(presentNames.get(i))
                                    .orElseThrow()
                                    .getInfo())
                            .getShape();
                    if (dims[2] == past + 1) continue;
                    if (dims[2] < 1 || dims[2] > past) {
                        throw new ModelLoadException(
                                presentNames.get(i) + " has " + dims[2] + " positions after a step " + "from " + past
                                        + ": neither past + 1 (a growing cache) nor a window");
                    }
                    windows[i] = (int) dims[2];
                    any = true;
                }
            }
            if (any && grown.layout() != KvCache.Layout.PREFIX_ALIGNED) {
                throw new ModelLoadException("the graph keeps window-sized caches but is fed position_ids (left-padded "
                        + "rows): this runner keeps windows only for prefix-aligned (GroupQueryAttention) exports");
            }
            return any
                    ? new KvCache.CacheShape(
                            grown.tensors(), grown.heads(), grown.headDim(), grown.type(), grown.layout(), windows)
                    : grown;
        } finally {
            for (OnnxTensor t : owned) t.close();
        }
    }

    /** Opens the model on the given device; {@code threads <= 0} lets ORT choose. */
    public static DecoderModel load(Path onnx, Device device, int threads, int heads, int headDim, int vocab) {
        return load(onnx, device, threads, heads, headDim, vocab, 0);
    }

    /**
     * Like {@link #load(Path, Device, int, int, int, int)} for a model with sliding-window layers
     * ({@code config.json}'s {@code sliding_window}, 0 for none): which layers keep a window-sized cache is found at start.
     */
    public static DecoderModel load(
            Path onnx, Device device, int threads, int heads, int headDim, int vocab, int slidingWindow) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            OrtSession.SessionOptions options = sessionOptions(device, threads);
            OrtSession session = env.createSession(onnx.toString(), options);
            try {
                return new DecoderModel(env, session, heads, headDim, vocab, slidingWindow);
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + onnx + ": " + e.getMessage());
        }
    }

    /** Session options shared by the decoder and the embedding model. */
    public static OrtSession.SessionOptions sessionOptions(Device device, int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (threads > 0) {
            options.setIntraOpNumThreads(threads);
        }
        options.setInterOpNumThreads(1);
        if (device == Device.CUDA) {
            try {
                options.addCUDA(0);
            } catch (OrtException | UnsatisfiedLinkError | RuntimeException e) {
                throw new ModelLoadException("--device cuda: the CUDA execution provider is not available ("
                        + e.getMessage() + "); build with -Pcuda (onnxruntime_gpu) on a host with CUDA 12 and cuDNN 9");
            }
        }
        return options;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Prompt tokens per prefill run: bounded so the pinned logits stay within a fixed budget. */
    public int prefillChunkTokens() {
        return prefillChunkTokens;
    }

    /** Overrides the prefill chunk (tests prove chunked prefill gives the same tokens). */
    public void setPrefillChunkTokens(int tokens) {
        if (tokens < 1) throw new IllegalArgumentException("prefill chunk must be >= 1");
        prefillChunkTokens = tokens;
    }

    public boolean supportsBatching() {
        return hasMask;
    }

    /** True when rows of different lengths can be prefilled in one run (right padding, prefix-aligned rows). */
    public boolean batchesPrefill() {
        return cacheShape.layout() == KvCache.Layout.PREFIX_ALIGNED;
    }

    public KvCache.CacheShape cacheShape() {
        return cacheShape;
    }

    /** An empty cache for one new sequence, sized for {@code expected} positions. */
    public KvCache newCache(int expected) {
        return new KvCache(env, cacheShape, 1, expected);
    }

    /** An empty cache for {@code rows} new sequences prefilled together, sized for {@code expected} positions. */
    public KvCache newCache(int rows, int expected) {
        return new KvCache(env, cacheShape, rows, expected);
    }

    /** For benchmarks: {@code rows} rows that already hold {@code length} positions (zeros), room for {@code reserve}. */
    public KvCache syntheticCache(int rows, int length, int reserve) {
        return KvCache.synthetic(env, cacheShape, rows, length, reserve);
    }

    /** Packs rows of existing caches into one batch cache (see {@link KvCache#gather}). */
    public KvCache batch(List<KvCache.Row> rows, int reserve) {
        return KvCache.gather(env, cacheShape, rows, reserve);
    }

    /**
     * Appends {@code seq} tokens per row ({@code inputIds} is rows x seq, row-major) to the cache and returns
     * the logits of each row's last position.
     */
    public float[][] forward(KvCache cache, long[] inputIds, int seq) throws OrtException {
        int[] real = new int[cache.rows()];
        java.util.Arrays.fill(real, seq);
        return forward(cache, inputIds, seq, real);
    }

    /**
     * Like {@link #forward(KvCache, long[], int)} for rows of different lengths: row r's first {@code real[r]} of its
     * {@code seq} ids are real, the rest right padding (prefix-aligned caches only); returns each row's logits at its
     * last real token.
     */
    public float[][] forward(KvCache cache, long[] inputIds, int seq, int[] real) throws OrtException {
        int rows = cache.rows();
        for (int r = 0; r < rows; r++) {
            if (real[r] < 1 || real[r] > seq || (real[r] < seq && !batchesPrefill())) {
                throw new IllegalArgumentException("row " + r + " has " + real[r] + " real tokens of " + seq
                        + (batchesPrefill() ? "" : " (this graph's rows are left-padded: feed whole rows)"));
            }
        }
        if (inputIds.length != rows * seq) {
            throw new IllegalArgumentException("input_ids has " + inputIds.length + " ids for " + rows + "x" + seq);
        }
        if (rows > 1 && !hasMask) {
            throw new IllegalStateException("this export has no attention_mask input, so it cannot batch");
        }
        cache.reserve(seq);
        long[] positions = new long[rows * seq];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < seq; s++) {
                positions[r * seq + s] = cache.validLength(r) + s; // left-padded graphs only: real == seq
            }
        }
        List<OnnxTensor> owned = new ArrayList<>();
        Map<String, OnnxTensor> in = new HashMap<>();
        Map<String, OnnxValue> pinned = new HashMap<>();
        try {
            in.put(
                    "input_ids",
                    track(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), new long[] {rows, seq})));
            if (hasMask) {
                in.put(
                        "attention_mask",
                        track(
                                owned,
                                OnnxTensor.createTensor(
                                        env,
                                        LongBuffer.wrap(cache.attentionMask(seq, real)),
                                        new long[] {rows, cache.length() + seq})));
            }
            if (hasPositions) {
                in.put(
                        "position_ids",
                        track(owned, OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {rows, seq})));
            }
            if (hasCacheBranch) {
                in.put("use_cache_branch", track(owned, OnnxTensor.createTensor(env, new boolean[] {cache.length() > 0
                })));
            }
            for (int i = 0; i < pastNames.size(); i++) {
                in.put(pastNames.get(i), track(owned, cache.pastTensor(i)));
                pinned.put(presentNames.get(i), track(owned, cache.presentTensor(i, seq)));
            }
            int logitBytes =
                    switch (logitsType) {
                        case FLOAT -> 4;
                        case FLOAT16, BFLOAT16 -> 2;
                        default ->
                            throw new IllegalStateException("logits of type " + logitsType + " are not supported");
                    };
            long neededLong = (long) rows * seq * vocabSize * logitBytes;
            if (neededLong > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("logits of " + rows + "x" + seq + " positions exceed one buffer; "
                        + "run fewer positions per call");
            }
            int needed = (int) neededLong;
            if (logits.capacity() < needed) {
                logits = ByteBuffer.allocateDirect(needed).order(ByteOrder.nativeOrder());
            }
            ByteBuffer view =
                    logits.duplicate().position(0).limit(needed).slice().order(ByteOrder.nativeOrder());
            pinned.put(
                    logitsName,
                    track(owned, OnnxTensor.createTensor(env, view, new long[] {rows, seq, vocabSize}, logitsType)));
            try (OrtSession.Result ignored = session.run(in, pinned)) {
                cache.advance(seq, real);
            }
            float[][] last = new float[rows][vocabSize];
            for (int r = 0; r < rows; r++) {
                int base = ((r * seq) + real[r] - 1) * vocabSize;
                for (int v = 0; v < vocabSize; v++) {
                    last[r][v] = switch (logitsType) {
                        case FLOAT -> view.getFloat((base + v) * 4);
                        case FLOAT16 -> Fp16.toFloat(view.getShort((base + v) * 2));
                        // bfloat16 is the top half of a float32
                        default -> Float.intBitsToFloat(view.getShort((base + v) * 2) << 16);
                    };
                }
            }
            return last;
        } finally {
            for (OnnxTensor t : owned) {
                t.close();
            }
        }
    }

    private static OnnxTensor track(List<OnnxTensor> owned, OnnxTensor t) {
        owned.add(t);
        return t;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    /** Where the model runs. */
    public enum Device {
        CPU,
        CUDA
    }
}
