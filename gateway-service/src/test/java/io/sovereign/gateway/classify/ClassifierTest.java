package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final Classifier DEFAULT = new Classifier(CorpusTest.CORPUS_POLICY);

    private static List<TextSegment> segs(String... texts) {
        return java.util.stream.IntStream.range(0, texts.length)
                .mapToObj(i -> new TextSegment("messages[" + i + "].content", texts[i]))
                .toList();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void levelsAreOrderedAndParsedStrictly() {
        assertTrue(Level.RESTRICTED.atLeast(Level.CONFIDENTIAL));
        assertTrue(Level.INTERNAL.atLeast(Level.INTERNAL));
        assertFalse(Level.PUBLIC.atLeast(Level.INTERNAL));
        assertEquals(Level.CONFIDENTIAL, Level.parse(" Confidential "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Level.parse("secret"));
        assertEquals(
                "unknown level 'secret'; valid levels: public, internal, confidential, restricted", e.getMessage());
    }

    @Test
    void highestLevelWinsAndEveryDetectorIsCounted() {
        Classification c = DEFAULT.classify(segs("mail a.b@corp.io and c.d@corp.io", "card 4111 1111 1111 1111"), null);
        assertEquals(Level.RESTRICTED, c.level());
        assertEquals(Map.of("email", 2, "payment-card", 1), c.detectorCounts());
        assertEquals(1, c.findings().get(2).segment());
        assertTrue(c.nanos() > 0);
    }

    @Test
    void matchedValuesNeverAppearInToString() {
        String secret = "4111 1111 1111 1111";
        Classification c = DEFAULT.classify(List.of(new TextSegment("messages[0].content", "card " + secret)), null);
        assertFalse(c.toString().contains("4111"), c.toString());
        assertFalse(new TextSegment("p", secret).toString().contains("4111"));
    }

    @Test
    void nestedEncodingsAreDecodedWithinTheDepthBound() {
        String twice = b64("blob " + b64("mail jane@corp.io"));
        assertEquals(Level.CONFIDENTIAL, DEFAULT.classify(segs(twice), null).level());
        Classifier shallow = new Classifier(new ClassifierSettings(CorpusTest.CORPUS_POLICY.detectors(), 1, 65536));
        Classification deeper = shallow.classify(segs(twice), null);
        assertEquals(
                Level.RESTRICTED, deeper.level(), "depth 1 decodes once only, and what is still encoded fails closed");
        assertEquals(Map.of("budget:decode-depth", 1), deeper.detectorCounts());
        assertEquals(
                Level.CONFIDENTIAL,
                shallow.classify(segs(b64("mail jane@corp.io")), null).level());
        Classifier none = new Classifier(new ClassifierSettings(CorpusTest.CORPUS_POLICY.detectors(), 2, 0));
        Classification spent = none.classify(segs(b64("mail jane@corp.io")), null);
        assertEquals(Level.RESTRICTED, spent.level(), "size bound reached: fail closed");
        assertEquals(Map.of("budget:base64", 1), spent.detectorCounts());
    }

    @Test
    void theBase64BudgetRunningOutRaisesTheLevel() {
        // padding first (64K chars of base64 text), then an encoded card: the card is never decoded, so the
        // request must not pass as public
        String padding = b64("lorem ipsum dolor sit amet ".repeat(2600));
        Classification c = DEFAULT.classify(segs(padding + " " + b64("card 4111 1111 1111 1111")), null);
        assertEquals(Level.RESTRICTED, c.level());
        assertTrue(
                c.detectorCounts().containsKey("budget:base64"),
                c.detectorCounts().toString());
        assertEquals(
                Level.PUBLIC,
                DEFAULT.classify(segs(b64("lorem ipsum dolor sit amet ".repeat(100))), null)
                        .level(),
                "within the budget nothing is raised");
    }

    @Test
    void aPassedDeadlineFailsClosedAndNamesIt() {
        Classification c = DEFAULT.classify(RequestContent.of(segs("hello", "world")), null, System.nanoTime() - 1);
        assertEquals(Level.RESTRICTED, c.level());
        assertEquals(Map.of("budget:deadline", 1), c.detectorCounts());
        assertTrue(c.timedOut());
    }

    @Test
    void aLongBinaryBase64RunIsUninspectable() {
        byte[] noise = new byte[6000];
        new java.util.Random(7).nextBytes(noise);
        Classification c = DEFAULT.classify(segs("blob " + Base64.getEncoder().encodeToString(noise)), null);
        assertEquals(Level.CONFIDENTIAL, c.level());
        assertEquals(Map.of("uninspectable", 1), c.detectorCounts());
    }

    @Test
    void decodedFindingsHaveNoSpan() {
        Finding f = DEFAULT.classify(segs("x " + b64("mail jane@corp.io")), null)
                .findings()
                .get(0);
        assertEquals(-1, f.start());
        assertEquals(-1, f.end());
        assertFalse(f.mapped());
    }

    @Test
    void settingsReportEveryProblemWithItsPath() {
        ClassifierSettings bad = ClassifierSettings.of(
                DetectorSettings.dictionary("codenames", Level.CONFIDENTIAL, List.of()),
                new DetectorSettings(
                        "topics", DetectorKind.SEMANTIC, Level.CONFIDENTIAL, null, 1.5, List.of("x"), null, null, 8, 0),
                new DetectorSettings(
                        "email", DetectorKind.EMAIL, Level.CONFIDENTIAL, null, 0.5, null, null, null, null, null));
        assertEquals(
                List.of(
                        "detectors.codenames.terms: a dictionary detector needs at least one term",
                        "detectors.topics.threshold: must be in (0, 1], got 1.5",
                        "detectors.topics.max_tokens: must be between 16 and 65536, got 8",
                        "detectors.topics.timeout_ms: must be between 1 and 60000, got 0",
                        "detectors.email.threshold: only semantic detectors take a threshold"),
                bad.problems());
        assertThrows(IllegalArgumentException.class, () -> new Classifier(bad));
    }

    @Test
    void detectorKindsResolveByIdOrShape() {
        assertEquals(Optional.of(DetectorKind.PAYMENT_CARD), DetectorKind.resolve("payment-card", false, false));
        assertEquals(Optional.of(DetectorKind.DICTIONARY), DetectorKind.resolve("customers", true, false));
        assertEquals(Optional.of(DetectorKind.SEMANTIC), DetectorKind.resolve("topics", false, true));
        assertEquals(Optional.empty(), DetectorKind.resolve("credit-card", false, false));
    }

    @Test
    void semanticModelRefusesToLoadWithoutTheOrtWorkaround() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> MiniLmEmbedder.requireTelemetryOff(null));
        assertTrue(e.getMessage().contains("ORT_DISABLE_TELEMETRY=1"));
        MiniLmEmbedder.requireTelemetryOff("1");
    }

    @Test
    void withoutSemanticDetectorsNothingIsLoaded() {
        assertFalse(DEFAULT.hasSemantic());
        assertFalse(DEFAULT.classify(segs("hello"), Level.PUBLIC).timedOut());
    }
}
