package io.sovereign.inference.model;

import io.sovereign.inference.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A model directory laid out as published Hugging Face ONNX exports have it: {@code model.onnx} (or
 * {@code onnx/model*.onnx}, external data beside it), {@code config.json}, {@code tokenizer.json},
 * {@code tokenizer_config.json} (with its {@code chat_template}) or {@code chat_template.jinja},
 * {@code generation_config.json}.
 */
public record ModelDirectory(
        Path dir,
        Path onnx,
        Path tokenizer,
        JsonNode config,
        JsonNode tokenizerConfig,
        JsonNode generationConfig,
        Optional<String> chatTemplate) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PREFERRED = List.of(
            "model.onnx",
            "model_fp16.onnx",
            "model_q4f16.onnx",
            "model_quantized.onnx",
            "model_q4.onnx",
            "decoder_model_merged.onnx");

    /** Reads and checks a decoder model directory; every problem is a {@link ModelLoadException} with the path. */
    public static ModelDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model dir " + dir + " does not exist or is not a directory");
        }
        Path onnx = findOnnx(dir);
        Path tokenizer = require(dir, "tokenizer.json");
        JsonNode config = readJson(require(dir, "config.json"));
        JsonNode tokenizerConfig = readOptionalJson(dir.resolve("tokenizer_config.json"));
        JsonNode generation = readOptionalJson(dir.resolve("generation_config.json"));
        return new ModelDirectory(
                dir, onnx, tokenizer, config, tokenizerConfig, generation, findTemplate(dir, tokenizerConfig));
    }

    /** The decoder graph in a model dir (model.onnx, a preferred variant, or the one ONNX file there or in onnx/). */
    public static Path findOnnx(Path dir) {
        List<Path> found = new ArrayList<>();
        for (Path place : List.of(dir, dir.resolve("onnx"))) {
            for (String name : PREFERRED) {
                if (Files.isRegularFile(place.resolve(name))) {
                    return place.resolve(name);
                }
            }
            if (Files.isDirectory(place)) {
                try (Stream<Path> files = Files.list(place)) {
                    files.filter(p -> p.getFileName().toString().endsWith(".onnx"))
                            .sorted()
                            .forEach(found::add);
                } catch (IOException e) {
                    throw new ModelLoadException("cannot list " + place + ": " + e.getMessage());
                }
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new ModelLoadException("model dir " + dir + " has no model.onnx (nor onnx/model*.onnx)");
        }
        throw new ModelLoadException("model dir " + dir + " has several ONNX files and none is model.onnx: " + found);
    }

    private static Path require(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new ModelLoadException("model dir " + dir + " has no " + name);
        }
        return p;
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (RuntimeException e) {
            throw new ModelLoadException(p + " is not valid JSON: " + e.getMessage());
        }
    }

    private static JsonNode readOptionalJson(Path p) {
        return Files.isRegularFile(p) ? readJson(p) : MissingNode.getInstance();
    }

    private static Optional<String> findTemplate(Path dir, JsonNode tokenizerConfig) {
        JsonNode t = tokenizerConfig.path("chat_template");
        if (t.isString()) {
            return Optional.of(t.stringValue());
        }
        if (t.isArray()) {
            for (JsonNode named : t) {
                if ("default".equals(named.path("name").asString(""))) {
                    return Optional.of(named.path("template").asString(""));
                }
            }
        }
        Path file = dir.resolve("chat_template.jinja");
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** End-of-sequence ids from generation_config.json, else config.json. */
    public Set<Long> eosTokenIds() {
        Set<Long> ids = new LinkedHashSet<>();
        addIds(generationConfig.path("eos_token_id"), ids);
        if (ids.isEmpty()) {
            addIds(config.path("eos_token_id"), ids);
        }
        return ids;
    }

    private static void addIds(JsonNode node, Set<Long> ids) {
        if (node.isNumber()) {
            ids.add(node.asLong());
        } else if (node.isArray()) {
            node.forEach(n -> ids.add(n.asLong()));
        }
    }

    /** The special-token text the template refers to (bos_token etc.), which may be a string or an object. */
    public String specialToken(String key) {
        JsonNode n = tokenizerConfig.path(key);
        if (n.isString()) {
            return n.stringValue();
        }
        return n.path("content").asString("");
    }

    public int maxPositions() {
        return config.path("max_position_embeddings")
                .asInt(config.path("n_positions").asInt(0));
    }

    public int configInt(String key) {
        return config.path(key).asInt(0);
    }

    public int headDim() {
        int explicit = configInt("head_dim");
        int heads = configInt("num_attention_heads");
        return explicit > 0 ? explicit : heads > 0 ? configInt("hidden_size") / heads : 0;
    }

    public int kvHeads() {
        int kv = configInt("num_key_value_heads");
        return kv > 0 ? kv : configInt("num_attention_heads");
    }

    /** Default sampling from generation_config.json: greedy unless it says do_sample. */
    public double defaultTemperature() {
        return generationConfig.path("do_sample").asBoolean(false)
                ? generationConfig.path("temperature").asDouble(1.0)
                : 0.0;
    }

    public double defaultTopP() {
        return generationConfig.path("top_p").asDouble(1.0);
    }

    public int defaultTopK() {
        return generationConfig.path("top_k").asInt(0);
    }
}
