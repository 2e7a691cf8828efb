package io.sovereign.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.inference.TinyGptOss;
import io.sovereign.inference.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The generated o200k_harmony tokenizer.json, loaded by DJL's Hugging Face tokenizer, encodes as tiktoken does. */
class HarmonyTokenizerFileTest {
    static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TinyGptOss.tokenizerDir().resolve("tokenizer.json"), false);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesLikeTiktoken() {
        JsonNode reference = new ObjectMapper()
                .readTree(Path.of("src/test/resources/o200k_harmony/encodings.json")
                        .toFile());
        assertThat(reference.path("n_vocab").asInt()).isEqualTo(HarmonyTokenizerFile.VOCAB_SIZE);
        for (JsonNode c : reference.path("cases")) {
            String text = c.path("text").asString();
            assertThat(tokenizer.encode(text)).as(text).containsExactly(TinyModel.ids(c.path("ids")));
            assertThat(tokenizer.decode(TinyModel.ids(c.path("ids")), false)).isEqualTo(text);
        }
    }

    @Test
    void harmonyTokensSitAtTiktokensIds() {
        assertThat(tokenizer.encode("<|return|><|constrain|><|channel|><|start|><|end|><|message|><|call|>"))
                .containsExactly(200002, 200003, 200005, 200006, 200007, 200008, 200012);
        // 200018 is <|endofprompt|> alone: a second name for it would shift every later id by one
        assertThat(tokenizer.decode(new long[] {200018, 200019, 201087}, false))
                .isEqualTo("<|endofprompt|><|reserved_200019|><|reserved_201087|>");
        assertThat(tokenizer.decode(new long[] {199997}, false)).isNotEmpty();
    }
}
