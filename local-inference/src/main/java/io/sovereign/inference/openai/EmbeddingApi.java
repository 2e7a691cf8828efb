package io.sovereign.inference.openai;

import ai.djl.huggingface.tokenizers.Encoding;
import io.sovereign.inference.embedding.EmbeddingModel;
import io.sovereign.inference.error.ApiError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/embeddings}: float or base64 (little-endian float32) vectors, as OpenAI returns them. */
public final class EmbeddingApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_INPUTS = 256;

    private final String name;
    private final EmbeddingModel model;

    public EmbeddingApi(String name, EmbeddingModel model) {
        this.name = name;
        this.model = model;
    }

    public String name() {
        return name;
    }

    public void embeddings(JsonNode body, ResponseSink sink) throws Exception {
        String requested = RequestFields.requiredString(body, "model");
        if (!requested.equals(name)) {
            throw ApiError.modelNotFound(requested, name);
        }
        List<String> texts = inputs(RequestFields.present(body, "input"));
        JsonNode format = RequestFields.present(body, "encoding_format");
        boolean base64 = format != null && "base64".equals(format.asString(""));
        if (format != null && !base64 && !"float".equals(format.asString(""))) {
            throw ApiError.invalid("'encoding_format' must be 'float' or 'base64'", "encoding_format");
        }
        if (RequestFields.present(body, "dimensions") != null) {
            throw ApiError.invalid("'dimensions' is not supported by " + name, "dimensions");
        }
        Encoding[] encodings = model.tokenize(texts);
        int tokens = 0;
        for (int i = 0; i < encodings.length; i++) {
            int n = encodings[i].getIds().length;
            if (n > model.maxTokens()) {
                throw ApiError.contextLengthExceeded(model.maxTokens(), n, 0, "input[" + i + "]");
            }
            tokens += n;
        }
        float[][] vectors = model.embed(encodings);
        ObjectNode out = JSON.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < vectors.length; i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                ByteBuffer b = ByteBuffer.allocate(vectors[i].length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : vectors[i]) b.putFloat(f);
                item.put("embedding", Base64.getEncoder().encodeToString(b.array()));
            } else {
                ArrayNode v = item.putArray("embedding");
                for (float f : vectors[i]) v.add(f);
            }
        }
        out.put("model", name);
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        sink.json(200, out.toString());
    }

    private static List<String> inputs(JsonNode input) {
        if (input != null && input.isString()) {
            return List.of(input.stringValue());
        }
        if (input != null && input.isArray() && !input.isEmpty() && input.size() <= MAX_INPUTS) {
            List<String> texts = new ArrayList<>();
            for (JsonNode n : input) {
                if (!n.isString()) {
                    throw ApiError.invalid("'input' must be a string or an array of strings", "input");
                }
                texts.add(n.stringValue());
            }
            return texts;
        }
        throw ApiError.invalid("'input' must be a string or an array of 1.." + MAX_INPUTS + " strings", "input");
    }
}
