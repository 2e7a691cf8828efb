package io.sovereign.inference.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import io.sovereign.inference.embedding.EmbeddingModel;
import io.sovereign.inference.engine.GenerationEngine;
import io.sovereign.inference.engine.GenerationListener;
import io.sovereign.inference.engine.GenerationRequest;
import io.sovereign.inference.engine.GenerationResult;
import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.model.ModelDirectory;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.sampling.SamplingParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-process benchmark (bench/local-inference/run.sh): decode tokens/s and time to first token for 1, 4 and
 * 16 concurrent sequences on the engine, and embeddings/s, printed as JSON lines that the Python loop's figures
 * are compared against. Usage: EngineBenchmark MODEL_DIR EMBEDDING_DIR THREADS NEW_TOKENS
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        Path embeddingDir = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int newTokens = Integer.parseInt(args[3]);
        ModelDirectory dir = ModelDirectory.open(modelDir);
        TextTokenizer tokenizer = TextTokenizer.load(dir.tokenizer(), false);
        DecoderModel model = DecoderModel.load(
                dir.onnx(),
                DecoderModel.Device.CPU,
                threads,
                dir.kvHeads(),
                dir.headDim(),
                0,
                dir.configInt("sliding_window"));
        List<String> prompts = List.of(
                "<s><|user|>\nHello, how are you today?<|end|>\n<|assistant|>\n",
                "The gateway keeps",
                "Translate to German: good morning.",
                "Budgets and quotas are enforced per team.");
        // warm-up, then each concurrency level; EOS ignored so every sequence makes exactly newTokens tokens
        for (int n : new int[] {1, 4, 16}) {
            repeat(model, tokenizer, prompts, n, newTokens, dir.maxPositions(), 1.0);
            repeat(model, tokenizer, prompts, n, newTokens, dir.maxPositions(), 2.0)
                    .print("java", n, newTokens);
        }
        try (EmbeddingModel embedding = EmbeddingModel.open(embeddingDir, DecoderModel.Device.CPU, threads)) {
            List<String> texts = List.of(
                    "The cat sits on the mat.",
                    "Quarterly revenue grew by ten percent.",
                    "The merger terms are confidential.",
                    "Employees must not share customer data outside the company.");
            for (int batch : new int[] {1, 16}) {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < batch; i++) inputs.add(texts.get(i % texts.size()));
                Encoding[] enc = embedding.tokenize(inputs);
                for (int i = 0; i < 20; i++) embedding.embed(enc);
                long start = System.nanoTime();
                int texts_done = 0;
                while (System.nanoTime() - start < 2_000_000_000L) {
                    embedding.embed(enc);
                    texts_done += batch;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "{\"impl\":\"java\",\"bench\":\"embeddings\",\"batch\":%d,\"embeddings_per_s\":%.1f}%n",
                        batch, texts_done / seconds);
            }
        }
        System.out.printf("{\"impl\":\"java\",\"bench\":\"rss\",\"rss_mb\":%.1f}%n", rssMb());
        model.close();
        tokenizer.close();
        System.exit(0);
    }

    record Figures(double seconds, long tokens, double meanTtft, double meanBatch) {
        void print(String impl, int n, int newTokens) {
            System.out.printf(
                    "{\"impl\":\"%s\",\"bench\":\"decode\",\"sequences\":%d,\"new_tokens\":%d,"
                            + "\"tokens_per_s\":%.1f,\"mean_ttft_ms\":%.2f,\"mean_batch\":%.2f,\"wall_s\":%.3f}%n",
                    impl, n, newTokens, tokens / seconds, meanTtft * 1000, meanBatch, seconds);
        }
    }

    /** Runs the workload again and again for at least {@code seconds}; figures over all runs. */
    static Figures repeat(
            DecoderModel model,
            TextTokenizer tokenizer,
            List<String> prompts,
            int n,
            int newTokens,
            int maxContext,
            double seconds)
            throws Exception {
        double wall = 0, ttft = 0, batch = 0;
        long tokens = 0;
        int runs = 0;
        while (wall < seconds) {
            Figures f = run(model, tokenizer, prompts, n, newTokens, maxContext);
            wall += f.seconds();
            tokens += f.tokens();
            ttft += f.meanTtft();
            batch += f.meanBatch();
            runs++;
        }
        return new Figures(wall, tokens, ttft / runs, batch / runs);
    }

    static Figures run(
            DecoderModel model, TextTokenizer tokenizer, List<String> prompts, int n, int newTokens, int maxContext)
            throws Exception {
        Metrics metrics = new Metrics();
        try (GenerationEngine engine = new GenerationEngine(model, tokenizer, Set.of(), n, n, maxContext, metrics)) {
            List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                CompletableFuture<GenerationResult> f = new CompletableFuture<>();
                results.add(f);
                engine.submit(
                        new GenerationRequest(
                                tokenizer.encode(prompts.get(i % prompts.size())),
                                newTokens,
                                SamplingParams.greedy(),
                                List.of(),
                                false,
                                System.nanoTime()),
                        new GenerationListener() {
                            public void onDelta(String content, String reasoning) {}

                            public void onComplete(GenerationResult result) {
                                f.complete(result);
                            }

                            public void onError(Exception error) {
                                f.completeExceptionally(error);
                            }
                        });
            }
            long tokens = 0;
            double ttft = 0;
            for (CompletableFuture<GenerationResult> f : results) {
                GenerationResult r = f.get(10, TimeUnit.MINUTES);
                tokens += r.completionTokens();
                ttft += r.timeToFirstTokenSeconds();
            }
            return new Figures((System.nanoTime() - start) / 1e9, tokens, ttft / n, metrics.meanDecodeBatch());
        }
    }

    static double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
