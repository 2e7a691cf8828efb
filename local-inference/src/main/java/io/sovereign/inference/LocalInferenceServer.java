package io.sovereign.inference;

import io.sovereign.inference.auth.ApiKeyCheck;
import io.sovereign.inference.config.ServerOptions;
import io.sovereign.inference.embedding.EmbeddingModel;
import io.sovereign.inference.engine.GenerationEngine;
import io.sovereign.inference.http.InferenceHttpServer;
import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.model.ModelDirectory;
import io.sovereign.inference.model.TextTokenizer;
import io.sovereign.inference.openai.Api;
import io.sovereign.inference.openai.EmbeddingApi;
import io.sovereign.inference.openai.ServedModel;
import io.sovereign.inference.runtime.DecoderModel;
import io.sovereign.inference.template.ChatTemplate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The whole server wired from its options: model, engine, optional embedding model, HTTP. */
public final class LocalInferenceServer implements AutoCloseable {
    private final DecoderModel model;
    private final TextTokenizer tokenizer;
    private final GenerationEngine engine;
    private final Optional<EmbeddingModel> embedding;
    private final InferenceHttpServer http;
    private final Metrics metrics = new Metrics();
    private final String servedName;

    /** Loads everything and starts listening; throws ModelLoadException with an operator-readable message. */
    public LocalInferenceServer(ServerOptions options) throws InterruptedException {
        ModelDirectory dir = ModelDirectory.open(options.modelDir());
        int modelLimit = dir.maxPositions() > 0 ? dir.maxPositions() : 4096;
        int maxContext = options.maxContext() > 0 ? Math.min(options.maxContext(), modelLimit) : modelLimit;
        tokenizer = TextTokenizer.load(dir.tokenizer(), false);
        model = DecoderModel.load(
                dir.onnx(),
                options.device(),
                options.threads(),
                dir.kvHeads(),
                dir.headDim(),
                dir.configInt("vocab_size"),
                dir.configInt("sliding_window"));
        Optional<ChatTemplate> template = dir.chatTemplate()
                .map(t -> new ChatTemplate(
                        t,
                        Map.of(
                                "bos_token",
                                dir.specialToken("bos_token"),
                                "eos_token",
                                dir.specialToken("eos_token"))));
        Set<Long> eos = new LinkedHashSet<>(dir.eosTokenIds());
        if (template.isPresent() && template.get().isHarmony()) {
            // a harmony turn ends at <|return|> (answer) or <|call|> (tool call), whatever generation_config says
            for (String marker : List.of("<|return|>", "<|call|>")) {
                long[] ids = tokenizer.encode(marker);
                if (ids.length == 1) eos.add(ids[0]);
            }
        }
        engine = new GenerationEngine(
                model, tokenizer, eos, options.maxConcurrentSequences(), options.maxQueue(), maxContext, metrics);
        servedName = options.servedModelName()
                .orElse(options.modelDir()
                        .toAbsolutePath()
                        .normalize()
                        .getFileName()
                        .toString());
        ServedModel served = new ServedModel(
                servedName,
                tokenizer,
                template,
                engine,
                dir.defaultTemperature(),
                dir.defaultTopP(),
                dir.defaultTopK(),
                System.currentTimeMillis() / 1000,
                options.defaultMaxTokens());
        embedding = options.embeddingModelDir().map(d -> EmbeddingModel.open(d, options.device(), options.threads()));
        Api api = new Api(served, embedding.map(e -> new EmbeddingApi(options.embeddingModelName(), e)), metrics);
        http = new InferenceHttpServer(
                options.host(),
                options.port(),
                api,
                2,
                new ApiKeyCheck(options.apiKey()),
                options.readTimeoutSeconds(),
                options.idleTimeoutSeconds());
    }

    public int port() {
        return http.port();
    }

    public java.net.InetSocketAddress boundAddress() {
        return http.address();
    }

    public String servedName() {
        return servedName;
    }

    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() throws Exception {
        http.close();
        engine.close();
        model.close();
        tokenizer.close();
        if (embedding.isPresent()) {
            embedding.get().close();
        }
    }
}
