package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Texts built to trigger every detector's triggers as often as possible, 300k chars each. Linear code takes
 * well under a second here; the 5 s bound only catches a quadratic (or backtracking) regression, which would
 * take minutes.
 */
class AdversarialInputTest {
    private static final Classifier CLASSIFIER = new Classifier(CorpusTest.CORPUS_POLICY);

    @ParameterizedTest(name = "\"{0}\" x {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "eyJ|100000",
                "eyJabcdefghijk.|20000",
                "key|100000",
                "key=|75000",
                "password=|30000",
                "'0 '|150000",
                "'+1 '|100000",
                "'phone 1 '|40000",
                "@a|150000",
                "'x (at) y (dot) '|20000",
                "'a at b dot '|30000",
                "4|300000",
                "QUJD|75000",
                "41|150000",
                "a://b:c@|40000",
                "AKIA|75000",
                "日本語のテキスト。|30000",
                "ＡＢＣ１２３|50000",
                "'-----BEGIN PRIVATE KEY-----'|10000",
                "sk-|100000",
                "'DE89 '|60000",
                "'NIGHTJAR '|30000",
                "'-u a:b1 '|40000",
                // issue 12: 1 MB of "0012 " took 9 s in the old phone detector (quadratic)
                "'0012 '|200000",
                "'(217) 555-0123 x1 '|50000",
                "'+44 20 7946 0958 '|50000",
                "'SSN 078-05-1123 '|60000",
                "'2A '|300000",
                "'AB 12 34 56 '|80000",
                "'glpat-'|150000",
                "'Q~'|300000",
                "'::'|300000",
                "'bc1q'|200000",
                "'0x'|300000",
                "'1NEDqZPvTWRaoho48qXuLLsr '|40000"
            })
    void staysLinear(String unit, int times) {
        String text = unit.repeat(times);
        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> CLASSIFIER.classify(List.of(new TextSegment("messages[0].content", text)), null));
    }
}
