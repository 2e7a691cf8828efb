package io.sovereign.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.inference.TinyModel;
import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.model.ModelDirectory;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Java decode loop reproduces the Python onnxruntime greedy outputs token for token, alone and batched. */
class GenerationEngineTest {
    static ModelDirectory dir;
    static DecoderModel model;
    static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        dir = ModelDirectory.open(TinyModel.DIR);
        model = DecoderModel.load(dir.onnx(), DecoderModel.Device.CPU, 1, dir.kvHeads(), dir.headDim(), 0);
        tokenizer = TextTokenizer.load(dir.tokenizer(), false);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
        tokenizer.close();
    }

    static CompletableFuture<GenerationResult> run(
            GenerationEngine engine, long[] prompt, int maxTokens, SamplingParams sampling, StringBuilder text)
            throws Exception {
        CompletableFuture<GenerationResult> done = new CompletableFuture<>();
        engine.submit(
                new GenerationRequest(prompt, maxTokens, sampling, List.of(), false, System.nanoTime()),
                new GenerationListener() {
                    public void onDelta(String content, String reasoning) {
                        text.append(content);
                    }

                    public void onComplete(GenerationResult result) {
                        done.complete(result);
                    }

                    public void onError(Exception error) {
                        done.completeExceptionally(error);
                    }
                });
        return done;
    }

    @Test
    void tokenizerMatchesPython() {
        for (JsonNode c : TinyModel.cases()) {
            assertThat(tokenizer.encode(c.path("rendered").asString()))
                    .as(c.path("rendered").asString())
                    .containsExactly(TinyModel.ids(c.path("prompt_ids")));
        }
    }

    @Test
    void greedyOneAtATimeMatchesPythonReference() throws Exception {
        try (GenerationEngine engine =
                new GenerationEngine(model, tokenizer, dir.eosTokenIds(), 1, 8, 512, new Metrics())) {
            for (JsonNode c : TinyModel.cases()) {
                StringBuilder text = new StringBuilder();
                GenerationResult r = run(engine, TinyModel.ids(c.path("prompt_ids")), 32, SamplingParams.greedy(), text)
                        .get(30, TimeUnit.SECONDS);
                assertResult(c, r, text);
            }
        }
    }

    @Test
    void greedyBatchedMatchesPythonReference() throws Exception {
        List<JsonNode> cases = TinyModel.cases();
        Metrics metrics = new Metrics();
        try (GenerationEngine engine =
                new GenerationEngine(model, tokenizer, dir.eosTokenIds(), 16, 16, 512, metrics)) {
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            List<StringBuilder> texts = new ArrayList<>();
            for (JsonNode c : cases) {
                StringBuilder text = new StringBuilder();
                texts.add(text);
                futures.add(run(engine, TinyModel.ids(c.path("prompt_ids")), 32, SamplingParams.greedy(), text));
            }
            for (int i = 0; i < cases.size(); i++) {
                assertResult(cases.get(i), futures.get(i).get(30, TimeUnit.SECONDS), texts.get(i));
            }
            assertThat(metrics.meanDecodeBatch())
                    .as("sequences per decode step")
                    .isGreaterThan(2.0);
        }
    }

    private static void assertResult(JsonNode c, GenerationResult r, StringBuilder text) {
        long[] want = TinyModel.ids(c.path("output_ids"));
        String finish = c.path("finish_reason").asString();
        long[] got = r.outputIds();
        if ("stop".equals(finish)) {
            assertThat(dir.eosTokenIds()).contains(got[got.length - 1]);
            got = Arrays.copyOf(got, got.length - 1);
        }
        assertThat(got).as(c.path("rendered").asString()).containsExactly(want);
        assertThat(r.finishReason().wire()).isEqualTo(finish);
        assertThat(r.promptTokens()).isEqualTo(c.path("prompt_ids").size());
        assertThat(text.toString()).isEqualTo(c.path("output_text").asString());
    }

    @Test
    void chunkedPrefillGivesTheSameTokens() throws Exception {
        int original = model.prefillChunkTokens();
        model.setPrefillChunkTokens(3);
        try (GenerationEngine engine =
                new GenerationEngine(model, tokenizer, dir.eosTokenIds(), 4, 8, 512, new Metrics())) {
            for (JsonNode c : TinyModel.cases()) {
                StringBuilder text = new StringBuilder();
                assertResult(
                        c,
                        run(engine, TinyModel.ids(c.path("prompt_ids")), 32, SamplingParams.greedy(), text)
                                .get(30, TimeUnit.SECONDS),
                        text);
            }
        } finally {
            model.setPrefillChunkTokens(original);
        }
    }

    @Test
    void seededSamplingIsReproducibleAndDiffersFromGreedy() throws Exception {
        long[] prompt = TinyModel.ids(TinyModel.cases().get(0).path("prompt_ids"));
        SamplingParams sampled = new SamplingParams(1.0, 0.9, 50, OptionalLong.of(42));
        try (GenerationEngine engine = new GenerationEngine(model, tokenizer, Set.of(), 4, 8, 512, new Metrics())) {
            long[] a = run(engine, prompt, 24, sampled, new StringBuilder())
                    .get(30, TimeUnit.SECONDS)
                    .outputIds();
            long[] b = run(engine, prompt, 24, sampled, new StringBuilder())
                    .get(30, TimeUnit.SECONDS)
                    .outputIds();
            long[] g = run(engine, prompt, 24, SamplingParams.greedy(), new StringBuilder())
                    .get(30, TimeUnit.SECONDS)
                    .outputIds();
            assertThat(a).containsExactly(b);
            assertThat(a).isNotEqualTo(g);
        }
    }

    @Test
    void fullQueueRefusesAtOnce() throws Exception {
        long[] prompt = TinyModel.ids(TinyModel.cases().get(0).path("prompt_ids"));
        try (GenerationEngine engine = new GenerationEngine(model, tokenizer, Set.of(), 1, 1, 512, new Metrics())) {
            List<CompletableFuture<GenerationResult>> accepted = new ArrayList<>();
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 50; i++) {
                            accepted.add(run(engine, prompt, 400, SamplingParams.greedy(), new StringBuilder()));
                        }
                    })
                    .isInstanceOf(QueueFullException.class);
            assertThat(accepted.size()).isBetween(1, 3);
        }
    }
}
