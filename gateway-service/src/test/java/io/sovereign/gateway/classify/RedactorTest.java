package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private static final Classifier CLASSIFIER = new Classifier(CorpusTest.CORPUS_POLICY);

    private static Redaction redact(String... texts) {
        List<TextSegment> segs = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            segs.add(new TextSegment("messages[" + i + "].content", texts[i]));
        }
        return Redactor.redact(segs, CLASSIFIER.classify(segs, null).findings());
    }

    @Test
    void typedPlaceholdersSameValueSamePlaceholder() {
        Redaction r = redact("mail jane@corp.io or bob@corp.io", "again: jane@corp.io, card 4111 1111 1111 1111");
        assertEquals("mail [EMAIL_1] or [EMAIL_2]", r.segments().get(0).text());
        assertEquals(
                "again: [EMAIL_1], card [PAYMENT_CARD_1]", r.segments().get(1).text());
        assertEquals(4, r.replaced());
        assertEquals("jane@corp.io", r.originals().get("[EMAIL_1]"));
        assertFalse(r.toString().contains("jane"), "toString never prints originals");
    }

    @Test
    void sameCardInAnotherSpellingGetsSamePlaceholder() {
        Redaction r = redact("4111 1111 1111 1111 and 4111-1111-1111-1111");
        assertEquals(
                "[PAYMENT_CARD_1] and [PAYMENT_CARD_1]", r.segments().get(0).text());
    }

    @Test
    void spansAreInOriginalCoordinatesEvenAfterNormalisation() {
        Redaction r = redact("x ４１１１\u200b １１１１ １１１１ １１１１ y");
        assertEquals("x [PAYMENT_CARD_1] y", r.segments().get(0).text());
    }

    @Test
    void decodedOnlyFindingsAreCountedAsUnmapped() {
        String b64 = java.util.Base64.getEncoder().encodeToString("mail jane@corp.io".getBytes());
        Redaction r = redact("blob " + b64);
        assertEquals(1, r.unmapped());
        assertEquals(0, r.replaced());
        assertTrue(
                CLASSIFIER.classify(r.segments(), null).level().atLeast(Level.CONFIDENTIAL),
                "re-classification still sees the value, so the ceiling still applies");
    }

    @Test
    void restoreAllNonStreamed() {
        Redaction r = redact("mail jane@corp.io");
        assertEquals("I wrote to jane@corp.io.", r.restorer().restoreAll("I wrote to [EMAIL_1]."));
        assertEquals("unknown [EMAIL_9] stays", r.restorer().restoreAll("unknown [EMAIL_9] stays"));
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 2, 3, 5, 7, 11, 100})
    void streamedRestoreHoldsBackOnlyPartialPlaceholders(int chunk) {
        Redaction r = redact("mail jane@corp.io, card 4111 1111 1111 1111");
        String response = "Sent to [EMAIL_1] [x] and charged [PAYMENT_CARD_1]; [EMAIL_1] again [EMAIL_";
        Restorer restorer = r.restorer();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < response.length(); i += chunk) {
            String piece = restorer.feed(response.substring(i, Math.min(response.length(), i + chunk)));
            assertFalse(piece.contains("[EMAIL_1]") || piece.contains("[PAYMENT_CARD_1]"), "never emits a placeholder");
            out.append(piece);
        }
        out.append(restorer.flush());
        assertEquals(
                "Sent to jane@corp.io [x] and charged 4111 1111 1111 1111; jane@corp.io again [EMAIL_", out.toString());
    }

    @Test
    void streamingEmitsPlainTextImmediately() {
        Redaction r = redact("mail jane@corp.io");
        Restorer restorer = r.restorer();
        assertEquals("Hello ", restorer.feed("Hello "));
        assertEquals("", restorer.feed("[EMA"));
        assertEquals("jane@corp.io!", restorer.feed("IL_1]!"));
        assertEquals("[note] ", restorer.feed("[note] "));
        assertEquals("", restorer.flush());
    }
}
