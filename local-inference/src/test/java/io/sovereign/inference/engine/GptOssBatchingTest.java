package io.sovereign.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.inference.TinyGptOss;
import io.sovereign.inference.TinyModel;
import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.runtime.KvCache;
import io.sovereign.inference.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The tiny gpt-oss graphs (GroupQueryAttention with sinks and local windows, MoE): batches of 1, 2 and 4 rows of
 * mixed lengths, two of them longer than the window, give the Python onnxruntime tokens exactly, in fp32 and in fp16
 * with bf16 logits, and with window-sized caches on the sliding layers; through the model directly (one right-padded
 * prefill, then decode steps) and through the engine (batched and chunked prefill, re-packing as rows join and leave).
 */
class GptOssBatchingTest {
    static final Map<String, DecoderModel> MODELS = new ConcurrentHashMap<>();
    static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TinyGptOss.tokenizerDir().resolve("tokenizer.json"), false);
    }

    @AfterAll
    static void close() throws Exception {
        for (DecoderModel m : MODELS.values()) m.close();
        tokenizer.close();
    }

    static DecoderModel model(String name) {
        return MODELS.computeIfAbsent(
                name,
                n -> DecoderModel.load(
                        java.nio.file.Path.of("models", n, "model.onnx"),
                        DecoderModel.Device.CPU,
                        1,
                        0,
                        0,
                        0,
                        TinyGptOss.reference(n).path("window").asInt()));
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    @ParameterizedTest
    @CsvSource({
        "tiny-gpt-oss,1",
        "tiny-gpt-oss,2",
        "tiny-gpt-oss,4",
        "tiny-gpt-oss-fp16,1",
        "tiny-gpt-oss-fp16,2",
        "tiny-gpt-oss-bf16-logits,4",
        "tiny-gpt-oss-fp16,4",
        "tiny-gpt-oss-window,1",
        "tiny-gpt-oss-window,2",
        "tiny-gpt-oss-window,4"
    })
    void rightPaddedPrefillAndBatchedDecodeMatchPython(String name, int rows) throws Exception {
        DecoderModel model = model(name);
        List<JsonNode> cases = TinyGptOss.cases(name).subList(0, rows);
        int longest = 0;
        for (JsonNode c : cases)
            longest = Math.max(longest, c.path("prompt_ids").size());
        long[] ids = new long[rows * longest];
        int[] real = new int[rows];
        for (int r = 0; r < rows; r++) {
            long[] prompt = TinyModel.ids(cases.get(r).path("prompt_ids"));
            System.arraycopy(prompt, 0, ids, r * longest, prompt.length);
            real[r] = prompt.length;
        }
        KvCache cache = model.newCache(rows, longest + 16);
        float[][] logits = model.forward(cache, ids, longest, real);
        int steps = cases.get(0).path("output_ids").size();
        List<List<Long>> got = new ArrayList<>();
        for (int r = 0; r < rows; r++) got.add(new ArrayList<>());
        for (int step = 0; step < steps; step++) {
            long[] next = new long[rows];
            for (int r = 0; r < rows; r++) {
                next[r] = argmax(logits[r]);
                got.get(r).add(next[r]);
            }
            if (step + 1 < steps) logits = model.forward(cache, next, 1);
        }
        for (int r = 0; r < rows; r++) {
            assertThat(got.get(r))
                    .as("row %d of %d (%d prompt tokens)", r, rows, real[r])
                    .containsExactly(boxed(TinyModel.ids(cases.get(r).path("output_ids"))));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "tiny-gpt-oss,512",
        "tiny-gpt-oss,7",
        "tiny-gpt-oss-fp16,512",
        "tiny-gpt-oss-bf16-logits,512",
        "tiny-gpt-oss-window,512",
        "tiny-gpt-oss-window,7"
    })
    void engineMatchesPythonWithBatchingAndChunkedPrefill(String name, int chunk) throws Exception {
        DecoderModel model = model(name);
        int original = model.prefillChunkTokens();
        model.setPrefillChunkTokens(chunk);
        Metrics metrics = new Metrics();
        try (GenerationEngine engine = new GenerationEngine(model, tokenizer, Set.of(), 4, 8, 256, metrics)) {
            List<JsonNode> cases = TinyGptOss.cases(name);
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            for (JsonNode c : cases) {
                CompletableFuture<GenerationResult> done = new CompletableFuture<>();
                engine.submit(
                        new GenerationRequest(
                                TinyModel.ids(c.path("prompt_ids")),
                                c.path("output_ids").size(),
                                SamplingParams.greedy(),
                                List.of(),
                                false,
                                System.nanoTime()),
                        new GenerationListener() {
                            public void onDelta(String content, String reasoning) {}

                            public void onComplete(GenerationResult result) {
                                done.complete(result);
                            }

                            public void onError(Exception error) {
                                done.completeExceptionally(error);
                            }
                        });
                futures.add(done);
            }
            // the same weights in Hugging Face transformers' GptOssForCausalLM (scripts/gpt_oss_transformers_check.py)
            // (fp32 models only: fp16 and bf16 logits round differently in torch)
            JsonNode transformers = new tools.jackson.databind.ObjectMapper()
                    .readTree(java.nio.file.Path.of("models", "tiny-gpt-oss", "transformers_check.json")
                            .toFile())
                    .path("models")
                    .path(name)
                    .path("greedy_one_row");
            for (int i = 0; i < cases.size(); i++) {
                long[] got = futures.get(i).get(60, TimeUnit.SECONDS).outputIds();
                assertThat(got).containsExactly(TinyModel.ids(cases.get(i).path("output_ids")));
                if (!transformers.isMissingNode()) {
                    assertThat(got).as("transformers' tokens").containsExactly(TinyModel.ids(transformers.get(i)));
                }
            }
            assertThat(metrics.meanDecodeBatch())
                    .as("sequences per decode step")
                    .isGreaterThan(1.0);
        } finally {
            model.setPrefillChunkTokens(original);
        }
    }

    private static Long[] boxed(long[] ids) {
        Long[] out = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }
}
