package io.sovereign.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCounterTest {
    private final TokenCounter counter = new TokenCounter();

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "hello world;2",
                "'';0",
                "hello world hello world hello world;6",
            })
    void countsWithTheO200kTokenizerNotCharacters(String text, int tokens) {
        assertThat(counter.count(text)).isEqualTo(tokens);
    }

    @Test
    void specialTokenTextIsCountedAsOrdinaryText() {
        assertThat(counter.count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void agreesWithJtokkitsEncoderOnLongerText() {
        String text = "Finance must be able to trust the numbers: reserve the worst case, settle the actual usage. "
                        .repeat(40)
                + "Überweisung an DE89 3704 0044 0532 0130 00 — 東京 🚀";
        int expected = Encodings.newDefaultEncodingRegistry()
                .getEncoding(EncodingType.O200K_BASE)
                .encodeOrdinary(text)
                .size();
        assertThat(counter.count(text)).isEqualTo(expected).isLessThan(text.length() / 3);
    }

    @Test
    void aChatPromptAddsTheDocumentedOverheadPerMessageAndOnce() {
        assertThat(counter.countChatPrompt(List.of())).isEqualTo(3);
        assertThat(counter.countChatPrompt(List.of("hello world", "hello world")))
                .isEqualTo(3 + 2 * (4 + 2));
    }
}
