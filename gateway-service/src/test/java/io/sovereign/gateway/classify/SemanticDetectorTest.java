package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The semantic topic detector with the real bundled all-MiniLM-L6-v2 model (and failing embedders). */
class SemanticDetectorTest {
    private static final DetectorSettings MERGER = new DetectorSettings(
            "topics",
            DetectorKind.SEMANTIC,
            Level.CONFIDENTIAL,
            null,
            0.55,
            List.of("unannounced merger and acquisition terms", "the purchase price for acquiring the other company"),
            null,
            null,
            4096,
            5000);

    private static List<TextSegment> user(String... texts) {
        List<TextSegment> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(new TextSegment("messages[" + i + "].content", texts[i]));
        }
        return out;
    }

    @Test
    void similarTextFiresAndUnrelatedTextDoesNot() {
        Classifier c = new Classifier(ClassifierSettings.of(MERGER));
        assertTrue(c.hasSemantic());
        Classification hit = c.classify(
                user("Draft a memo on the acquisition terms we agreed with Initech "
                        + "before the merger is announced"),
                null);
        assertEquals(Level.CONFIDENTIAL, hit.level());
        assertEquals(java.util.Set.of("topics"), hit.detectorIds());
        assertFalse(hit.timedOut());
        Classification miss = c.classify(user("What is a good recipe for banana bread?"), null);
        assertEquals(Level.PUBLIC, miss.level());
        assertTrue(miss.detectorIds().isEmpty());
    }

    @Test
    void quantizedModelIsSelectableAndKeepsItsOwnCache() {
        DetectorSettings q = new DetectorSettings(
                "topics",
                DetectorKind.SEMANTIC,
                Level.CONFIDENTIAL,
                null,
                0.55,
                MERGER.examples(),
                null,
                null,
                4096,
                5000,
                "all-minilm-l6-v2-q");
        Classifier c = new Classifier(ClassifierSettings.of(q));
        assertEquals(
                Level.CONFIDENTIAL,
                c.classify(
                                user("Draft a memo on the acquisition terms we agreed with "
                                        + "Initech before the merger is announced"),
                                null)
                        .level());
        assertEquals(
                Level.PUBLIC,
                c.classify(user("What is a good recipe for banana bread?"), null)
                        .level());
        assertTrue(
                EmbeddingCache.shared("/all-minilm-l6-v2-q.onnx") != EmbeddingCache.shared("/all-minilm-l6-v2.onnx"));
        DetectorSettings bad = new DetectorSettings(
                "topics",
                DetectorKind.SEMANTIC,
                Level.CONFIDENTIAL,
                null,
                0.5,
                List.of("x"),
                null,
                null,
                null,
                null,
                "bert-large");
        assertEquals(
                List.of("detectors.topics.model: unknown model 'bert-large'; valid: all-minilm-l6-v2, "
                        + "all-minilm-l6-v2-q"),
                ClassifierSettings.of(bad).problems());
    }

    @Test
    void ownOnnxSessionMatchesLangchain4jReferenceEmbedding() {
        var reference = new dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel();
        String text = "The quarterly board meeting moved to Thursday; bring the revenue forecast.";
        float[] ours = MiniLmEmbedder.shared().embed(text);
        float[] theirs = MiniLmEmbedder.unit(reference.embed(text).content().vector());
        assertEquals(384, ours.length);
        double cos = SemanticDetector.maxSimilarity(ours, new float[][] {theirs});
        assertTrue(cos > 0.999, "cosine to the reference: " + cos);
    }

    @Test
    void resentHistoryIsServedFromTheCache() {
        CountingEmbedder counting = new CountingEmbedder(MiniLmEmbedder.shared());
        Classifier c = new Classifier(ClassifierSettings.of(MERGER), counting);
        int afterExamples = counting.calls.get();
        List<TextSegment> history = user(
                "Tell me about the history of the Roman empire in a few paragraphs.",
                "The Roman Empire began in 27 BC when Augustus became emperor, and lasted in the west until 476.");
        c.classify(history, null);
        int firstTurn = counting.calls.get() - afterExamples;
        List<TextSegment> next = new ArrayList<>(history);
        next.add(new TextSegment("messages[2].content", "And what about the eastern half?"));
        c.classify(next, null);
        assertEquals(2, firstTurn);
        assertEquals(firstTurn + 1, counting.calls.get() - afterExamples, "only the new turn is embedded");
    }

    @Test
    void skippedWhenCheapDetectorsAlreadyReachedTheSkipLevel() {
        CountingEmbedder counting = new CountingEmbedder(MiniLmEmbedder.shared());
        ClassifierSettings s =
                ClassifierSettings.of(DetectorSettings.builtin(DetectorKind.EMAIL, Level.CONFIDENTIAL), MERGER);
        Classifier c = new Classifier(s, counting);
        int before = counting.calls.get();
        Classification r = c.classify(
                user("merger terms for jane@corp.io, brand new text " + System.nanoTime()), Level.CONFIDENTIAL);
        assertEquals(before, counting.calls.get(), "no embedding when already at the skip level");
        assertEquals(Level.CONFIDENTIAL, r.level());
    }

    @Test
    void timeoutIsTheHighestLevel() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Embedder slow = new Embedder() {
            private int n;

            @Override
            public float[] embed(String text) {
                if (n++ >= 1) { // examples embed fast; request chunks block
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new float[] {1, 0};
            }
        };
        DetectorSettings fast = new DetectorSettings(
                "topics", DetectorKind.SEMANTIC, Level.CONFIDENTIAL, null, 0.9, List.of("x"), null, null, null, 50);
        Classification r = new Classifier(ClassifierSettings.of(fast), slow).classify(user("hello there"), null);
        release.countDown();
        assertTrue(r.timedOut());
        assertEquals(Level.RESTRICTED, r.level());
    }

    @Test
    void failureInsideTheModelIsTreatedAsTimeoutNeverThrown() {
        Embedder failing = new Embedder() {
            private int n;

            @Override
            public float[] embed(String text) {
                if (n++ >= 1) {
                    throw new IllegalStateException("ORT failure");
                }
                return new float[] {1, 0};
            }
        };
        DetectorSettings t = DetectorSettings.semantic("topics", Level.CONFIDENTIAL, 0.9, List.of("x"));
        Classification r = new Classifier(ClassifierSettings.of(t), failing).classify(user("hello there"), null);
        assertTrue(r.timedOut());
        assertEquals(Level.RESTRICTED, r.level());
    }

    @Test
    void overTheTokenBudgetIsTheHighestLevelButWarmsTheCache() {
        // the example phrase "x" is orthogonal to every request chunk: nothing may fire
        CountingEmbedder counting =
                new CountingEmbedder(text -> text.equals("x") ? new float[] {0, 1} : new float[] {1, 0});
        DetectorSettings t = new DetectorSettings(
                "topics", DetectorKind.SEMANTIC, Level.CONFIDENTIAL, null, 0.9, List.of("x"), null, null, 128, null);
        Classifier c = new Classifier(ClassifierSettings.of(t), counting);
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 48 * 4; i++) {
            longText.append("w").append(i).append(' ');
        }
        List<TextSegment> req = user(longText.toString()); // 4 chunks of ~70 tokens, budget 128
        int before = counting.calls.get();
        Classification first = c.classify(req, null);
        assertTrue(first.timedOut());
        assertEquals(Level.RESTRICTED, first.level());
        int firstCalls = counting.calls.get() - before;
        assertTrue(firstCalls >= 1 && firstCalls < 4, "embeds only what fits in the budget: " + firstCalls);
        Classification last = first;
        for (int resend = 0; resend < 4 && last.timedOut(); resend++) {
            last = c.classify(req, null);
        }
        assertFalse(last.timedOut(), "a resent history completes once cached");
        assertEquals(Level.PUBLIC, last.level());
        assertEquals(4, counting.calls.get() - before);
    }

    static final class CountingEmbedder implements Embedder {
        final AtomicInteger calls = new AtomicInteger();
        private final Embedder inner;

        CountingEmbedder(Embedder inner) {
            this.inner = inner;
        }

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            return inner.embed(text);
        }
    }
}
