package io.sovereign.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The committed tiny Llama model and the Python onnxruntime reference outputs recorded beside it. */
public final class TinyModel {
    public static final Path DIR = Path.of("models", "tiny-llama");

    private TinyModel() {}

    public static JsonNode reference() {
        return new ObjectMapper().readTree(DIR.resolve("reference.json").toFile());
    }

    public static List<JsonNode> cases() {
        List<JsonNode> cases = new ArrayList<>();
        reference().path("cases").forEach(cases::add);
        return cases;
    }

    public static long[] ids(JsonNode array) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asLong();
        }
        return ids;
    }
}
