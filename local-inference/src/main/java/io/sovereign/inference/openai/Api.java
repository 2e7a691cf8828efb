package io.sovereign.inference.openai;

import io.sovereign.inference.error.ApiError;
import io.sovereign.inference.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The server's routes, free of HTTP-library types: method + path + body in, answer out through a sink. */
public final class Api {
    private static final Logger LOG = Logger.getLogger(Api.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServedModel model;
    private final GenerationApi generation;
    private final Optional<EmbeddingApi> embeddings;
    private final Metrics metrics;

    public Api(ServedModel model, Optional<EmbeddingApi> embeddings, Metrics metrics) {
        this.model = model;
        this.generation = new GenerationApi(model);
        this.embeddings = embeddings;
        this.metrics = metrics;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The bounded endpoint label for metrics. */
    public static String endpoint(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/health", "/metrics" ->
                path;
            default -> "other";
        };
    }

    /** True for routes cheap enough to answer on the I/O thread. */
    public static boolean isCheap(String path) {
        return !path.startsWith("/v1/") || path.equals("/v1/models");
    }

    public void handle(String method, String path, byte[] body, ResponseSink sink) {
        try {
            route(method, path, body, sink);
        } catch (ApiError e) {
            sink.json(e.status(), e.toJson(), e.headers());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "request failed: " + method + " " + path, e);
            ApiError error = ApiError.internal("internal error: " + e.getClass().getSimpleName());
            sink.json(error.status(), error.toJson());
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "request failed: " + method + " " + path, e);
            ApiError error = ApiError.internal("inference failed: " + e.getMessage());
            sink.json(error.status(), error.toJson());
        }
    }

    private void route(String method, String path, byte[] body, ResponseSink sink) throws Exception {
        boolean post = method.equals("POST");
        switch (path) {
            case "/health" -> requireGet(method, path, () -> sink.json(200, "{\"status\":\"ok\"}"));
            case "/metrics" ->
                requireGet(
                        method,
                        path,
                        () -> sink.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
            case "/v1/models" -> requireGet(method, path, () -> sink.json(200, models()));
            case "/v1/chat/completions" -> {
                if (!post) throw ApiError.methodNotAllowed(method, path);
                generation.chat(parse(body), sink);
            }
            case "/v1/completions" -> {
                if (!post) throw ApiError.methodNotAllowed(method, path);
                generation.completion(parse(body), sink);
            }
            case "/v1/embeddings" -> {
                if (!post) throw ApiError.methodNotAllowed(method, path);
                EmbeddingApi api = embeddings.orElseThrow(() -> ApiError.invalid(
                        "this server has no embedding model (start it with --embedding-model-dir)", "model"));
                api.embeddings(parse(body), sink);
            }
            default -> throw ApiError.notFound(method, path);
        }
    }

    private static void requireGet(String method, String path, Runnable action) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw ApiError.methodNotAllowed(method, path);
        }
        action.run();
    }

    private static JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ApiError.malformedJson(e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.malformedJson("expected a JSON object");
        }
        return node;
    }

    private String models() {
        ObjectNode out = JSON.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        addModel(data, model.name());
        embeddings.ifPresent(e -> addModel(data, e.name()));
        return out.toString();
    }

    private void addModel(ArrayNode data, String name) {
        ObjectNode m = data.addObject();
        m.put("id", name);
        m.put("object", "model");
        m.put("created", model.createdEpochSeconds());
        m.put("owned_by", "local-inference");
    }
}
