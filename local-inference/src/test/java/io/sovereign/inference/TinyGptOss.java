package io.sovereign.inference;

import io.sovereign.inference.model.HarmonyTokenizerFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The tiny gpt-oss models (committed graph, config and Python references) assembled into a servable model dir under
 * target/ with the real o200k_harmony tokenizer, which is generated once (about 30 MB, kept out of git).
 */
public final class TinyGptOss {
    public static final Path TOKENIZER_DIR = Path.of("target", "o200k_harmony");

    /** Where CI lays shared/ beside the clone: the official gpt-oss template, kept there as data, never copied. */
    public static final Path OFFICIAL_TEMPLATE =
            Path.of("..", "..", "shared", "models", "gpt-oss-20b", "chat_template.jinja");

    private TinyGptOss() {}

    /** The official template beside the clone (CI) or in a work tree's shared folder; null when absent. */
    public static Path officialTemplate() {
        for (Path p : List.of(
                OFFICIAL_TEMPLATE,
                Path.of("..", "..", "..", "shared", "models", "gpt-oss-20b", "chat_template.jinja"),
                Path.of("/work/shared/models/gpt-oss-20b/chat_template.jinja"))) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** target/o200k_harmony/ with tokenizer.json and tokenizer_config.json, built on first use. */
    public static synchronized Path tokenizerDir() {
        try {
            if (!Files.isRegularFile(TOKENIZER_DIR.resolve("tokenizer_config.json"))) {
                HarmonyTokenizerFile.write(TOKENIZER_DIR);
            }
            return TOKENIZER_DIR;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model dir for {@code name} (tiny-gpt-oss or tiny-gpt-oss-fp16), optionally with a chat template file. */
    public static synchronized Path modelDir(String name, Path chatTemplate) {
        try {
            Path dir = Path.of("target", "models", name + (chatTemplate == null ? "" : "-chat"));
            Files.createDirectories(dir);
            try (var files = Files.list(Path.of("models", name))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                Path target = dir.resolve(f);
                if (!Files.exists(target)) {
                    Files.createLink(target, tokenizerDir().resolve(f).toAbsolutePath());
                }
            }
            if (chatTemplate != null) {
                Files.copy(chatTemplate, dir.resolve("chat_template.jinja"), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode reference(String name) {
        return new ObjectMapper()
                .readTree(Path.of("models", name, "reference.json").toFile());
    }

    public static List<JsonNode> cases(String name) {
        List<JsonNode> cases = new ArrayList<>();
        reference(name).path("cases").forEach(cases::add);
        return cases;
    }
}
