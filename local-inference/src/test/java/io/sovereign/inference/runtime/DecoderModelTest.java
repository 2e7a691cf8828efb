package io.sovereign.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import io.sovereign.inference.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** I/O discovery: what the runner learns from a graph, and the graphs it refuses at start. */
class DecoderModelTest {

    @Test
    void discoversTheCacheFromTheGraph() throws Exception {
        try (DecoderModel model =
                DecoderModel.load(TinyModel.DIR.resolve("model.onnx"), DecoderModel.Device.CPU, 1, 0, 0, 0)) {
            assertThat(model.cacheShape())
                    .isEqualTo(new KvCache.CacheShape(4, 2, 16, OnnxJavaType.FLOAT, KvCache.Layout.LEFT_PADDED));
            assertThat(model.vocabSize()).isEqualTo(512);
            assertThat(model.supportsBatching()).isTrue();
            assertThat(model.batchesPrefill()).isFalse();
        }
    }

    @Test
    void aGraphWithoutPositionIdsGetsPrefixAlignedRows() throws Exception {
        try (DecoderModel model = DecoderModel.load(
                Path.of("models", "tiny-gpt-oss", "model.onnx"), DecoderModel.Device.CPU, 1, 0, 0, 0)) {
            assertThat(model.cacheShape())
                    .isEqualTo(new KvCache.CacheShape(8, 2, 16, OnnxJavaType.FLOAT, KvCache.Layout.PREFIX_ALIGNED));
            assertThat(model.vocabSize()).isEqualTo(201088);
            assertThat(model.batchesPrefill()).isTrue();
        }
    }

    @Test
    void findsTheWindowSizedCachesOfTheSlidingLayers() throws Exception {
        Path onnx = Path.of("models", "tiny-gpt-oss-window", "model.onnx");
        try (DecoderModel full = DecoderModel.load(
                        Path.of("models", "tiny-gpt-oss", "model.onnx"), DecoderModel.Device.CPU, 1, 0, 0, 0, 16);
                DecoderModel windowed = DecoderModel.load(onnx, DecoderModel.Device.CPU, 1, 0, 0, 0, 16)) {
            // the full-cache export has sliding layers too (config says 16), but its caches grow: no window found
            assertThat(full.cacheShape().windows()).containsOnly(0);
            // layers 0 and 2 (key and value each) keep 16 positions; 1 and 3 grow
            assertThat(windowed.cacheShape())
                    .isEqualTo(new KvCache.CacheShape(
                            8, 2, 16, OnnxJavaType.FLOAT, KvCache.Layout.PREFIX_ALIGNED, new int[] {
                                16, 16, 0, 0, 16, 16, 0, 0
                            }));
            // at 1,000 positions the windowed cache is half the size plus the windows
            assertThat(windowed.cacheShape().pastBytes(1, 1000)).isEqualTo(4L * 2 * 16 * 4 * (1000 + 16));
            assertThat(full.cacheShape().pastBytes(1, 1000)).isEqualTo(8L * 2 * 16 * 4 * 1000);
            KvCache cache = windowed.newCache(1, 100);
            assertThat(cache.bytes()).isEqualTo(2 * (4L * 2 * 16 * 4 * (100 + 16)));
        }
        // without the config's hint nothing is probed and the first step past the window fails in the runtime
        try (DecoderModel blind = DecoderModel.load(onnx, DecoderModel.Device.CPU, 1, 0, 0, 0)) {
            assertThat(blind.cacheShape().windows()).containsOnly(0);
        }
    }

    @Test
    void loadsAGraphWhoseWeightsAreInAnExternalDataFile() throws Exception {
        // the public exports keep a small model.onnx and its weights in model.onnx.data beside it
        Path dir = Path.of("models", "tiny-gpt-oss-tools-external");
        assertThat(io.sovereign.inference.model.ModelDirectory.findOnnx(dir)).isEqualTo(dir.resolve("model.onnx"));
        assertThat(java.nio.file.Files.size(dir.resolve("model.onnx.data"))).isPositive();
        long[] prompt = {200006, 17360, 200008, 3575, 553, 200007, 200006, 1428, 200008, 13225}; // it hashes the last 8
        try (DecoderModel external = DecoderModel.load(dir.resolve("model.onnx"), DecoderModel.Device.CPU, 1, 0, 0, 0);
                DecoderModel inline = DecoderModel.load(
                        Path.of("models", "tiny-gpt-oss-tools", "model.onnx"), DecoderModel.Device.CPU, 1, 0, 0, 0)) {
            float[][] a = external.forward(external.newCache(8), prompt, prompt.length);
            float[][] b = inline.forward(inline.newCache(8), prompt, prompt.length);
            assertThat(a[0]).containsExactly(b[0]);
        }
    }

    @Test
    void refusesAGraphWithInputsItCannotFeed() {
        // an encoder (MiniLM) is not a KV-cache decoder: it wants token_type_ids and has no past_key_values
        Path encoder = Path.of(
                System.getProperty("embedding.model.dir", "target/models/all-minilm-l6-v2"), "all-minilm-l6-v2.onnx");
        assertThatThrownBy(() -> DecoderModel.load(encoder, DecoderModel.Device.CPU, 1, 0, 0, 0))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("needs input 'token_type_ids'");
    }

    @Test
    void refusesAFileThatIsNotOnnx() {
        assertThatThrownBy(() ->
                        DecoderModel.load(TinyModel.DIR.resolve("config.json"), DecoderModel.Device.CPU, 1, 0, 0, 0))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("ONNX Runtime cannot load");
    }
}
