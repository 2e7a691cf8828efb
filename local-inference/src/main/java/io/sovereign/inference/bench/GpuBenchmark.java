package io.sovereign.inference.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sovereign.inference.model.ModelDirectory;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.runtime.KvCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decode speed at a given context, for bench/local-inference/gpu.sh: for each batch size and context length, a cache
 * that already holds CONTEXT - STEPS - 1 positions per row (zeros: attention costs the same whatever the values, and a real 4k
 * prefill of 16 rows would spend the time budget on prefill), then STEPS timed decode steps. Without IOBinding in ORT
 * Java (onnxruntime#26209) every step sends the whole past cache to the device and brings the present cache and the
 * logits back; the copy probe (a one-op graph run on the same provider with a tensor of the past cache's size in and
 * out) measures what those copies alone cost. Prints one JSON line per measurement.
 * Usage: GpuBenchmark MODEL_DIR cpu|cuda THREADS STEPS CONTEXTS BATCHES PROBE_ONNX (CONTEXTS, BATCHES comma-separated)
 */
public final class GpuBenchmark {
    private GpuBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        DecoderModel.Device device = DecoderModel.Device.valueOf(args[1].toUpperCase());
        int threads = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int[] contexts = ints(args[4]);
        int[] batches = ints(args[5]);
        Path probe = Path.of(args[6]);
        long loadStart = System.nanoTime();
        try (DecoderModel model =
                DecoderModel.load(ModelDirectory.findOnnx(dir), device, threads, 0, 0, 0, slidingWindow(dir))) {
            KvCache.CacheShape shape = model.cacheShape();
            System.out.printf(
                    "{\"bench\":\"load\",\"model\":\"%s\",\"device\":\"%s\",\"load_s\":%.1f,\"cache_tensors\":%d,"
                            + "\"kv_heads\":%d,\"head_dim\":%d,\"kv_type\":\"%s\",\"vocab\":%d,\"kv_bytes_per_token\":%d,"
                            + "\"cache_windows\":\"%s\"}%n",
                    dir.getFileName(),
                    device,
                    (System.nanoTime() - loadStart) / 1e9,
                    shape.tensors(),
                    shape.heads(),
                    shape.headDim(),
                    shape.type(),
                    model.vocabSize(),
                    (long) shape.tensors() * shape.heads() * shape.headDim() * shape.elementBytes(),
                    java.util.Arrays.toString(shape.windows()));
            try (OrtSession copy = OrtEnvironment.getEnvironment()
                    .createSession(probe.toString(), DecoderModel.sessionOptions(device, threads))) {
                for (int context : contexts) {
                    for (int batch : batches) {
                        measure(model, copy, batch, context, steps);
                    }
                }
            }
        }
        System.exit(0);
    }

    private static void measure(DecoderModel model, OrtSession copy, int batch, int context, int steps)
            throws Exception {
        KvCache.CacheShape shape = model.cacheShape();
        // the last timed step reaches exactly `context` positions (a 4k-context model can be measured at 4k)
        KvCache cache = model.syntheticCache(batch, context - steps - 1, steps + 1);
        long[] ids = new long[batch];
        for (int i = 0; i < batch; i++) ids[i] = 1000 + i;
        model.forward(cache, ids, 1); // warm-up at this shape
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            model.forward(cache, ids, 1);
        }
        double stepMs = (System.nanoTime() - start) / 1e6 / steps;
        long pastBytes = shape.pastBytes(batch, context); // window-sized layers stop at their window
        long logitBytes = (long) batch * model.vocabSize() * 4;
        double copyMs = copyProbe(copy, pastBytes);
        System.out.printf(
                "{\"bench\":\"decode\",\"batch\":%d,\"context\":%d,\"steps\":%d,\"step_ms\":%.2f,"
                        + "\"tokens_per_s\":%.1f,\"host_device_bytes_per_step\":%d,\"copy_probe_ms\":%.2f,"
                        + "\"copy_share\":%.2f}%n",
                batch,
                context,
                steps,
                stepMs,
                batch * 1000.0 / stepMs,
                2 * pastBytes + logitBytes,
                copyMs,
                copyMs / stepMs);
    }

    /** The time to send {@code bytes} to the provider and fetch the same back (one Neg op in between). */
    private static double copyProbe(OrtSession session, long bytes) throws Exception {
        long elements = Math.max(1, bytes / 2);
        if (elements * 2 > Integer.MAX_VALUE) {
            return Double.NaN;
        }
        ByteBuffer data = ByteBuffer.allocateDirect((int) (elements * 2)).order(ByteOrder.nativeOrder());
        try (OnnxTensor x = OnnxTensor.createTensor(
                OrtEnvironment.getEnvironment(), data, new long[] {elements}, ai.onnxruntime.OnnxJavaType.FLOAT16)) {
            session.run(Map.of("x", x)).close();
            int runs = 5;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                session.run(Map.of("x", x)).close();
            }
            return (System.nanoTime() - start) / 1e6 / runs;
        }
    }

    /** config.json's sliding_window beside the export (or one folder up, for an onnx/ or cuda/ subfolder), else 0. */
    private static int slidingWindow(Path dir) {
        for (Path config : new Path[] {
            dir.resolve("config.json"), dir.toAbsolutePath().getParent().resolve("config.json")
        }) {
            if (java.nio.file.Files.isRegularFile(config)) {
                return new tools.jackson.databind.ObjectMapper()
                        .readTree(config.toFile())
                        .path("sliding_window")
                        .asInt(0);
            }
        }
        return 0;
    }

    private static int[] ints(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i].trim());
        return out;
    }
}
