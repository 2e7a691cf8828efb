package io.sovereign.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import io.sovereign.inference.TinyModel;
import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.model.ModelDirectory;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The same runner serves an export whose KV cache and logits are float16, batched, matching Python. */
class Fp16ModelTest {
    @Test
    void fp16ExportMatchesPythonReferenceBatched() throws Exception {
        Path path = TinyModel.DIR.resolveSibling("tiny-llama-fp16");
        ModelDirectory dir = ModelDirectory.open(path);
        JsonNode reference =
                new ObjectMapper().readTree(path.resolve("reference.json").toFile());
        try (DecoderModel model =
                        DecoderModel.load(dir.onnx(), DecoderModel.Device.CPU, 1, dir.kvHeads(), dir.headDim(), 0);
                TextTokenizer tokenizer = TextTokenizer.load(dir.tokenizer(), false);
                GenerationEngine engine =
                        new GenerationEngine(model, tokenizer, dir.eosTokenIds(), 8, 8, 512, new Metrics())) {
            assertThat(model.cacheShape().type()).isEqualTo(OnnxJavaType.FLOAT16);
            List<JsonNode> cases = new ArrayList<>();
            List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
            for (JsonNode c : reference.path("cases")) {
                cases.add(c);
                results.add(GenerationEngineTest.run(
                        engine, TinyModel.ids(c.path("prompt_ids")), 32, SamplingParams.greedy(), new StringBuilder()));
            }
            for (int i = 0; i < cases.size(); i++) {
                long[] got = results.get(i).get(30, TimeUnit.SECONDS).outputIds();
                if ("stop".equals(cases.get(i).path("finish_reason").asString())) {
                    got = Arrays.copyOf(got, got.length - 1);
                }
                assertThat(got).containsExactly(TinyModel.ids(cases.get(i).path("output_ids")));
            }
        }
    }
}
