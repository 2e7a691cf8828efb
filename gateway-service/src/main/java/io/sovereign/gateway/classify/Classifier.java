package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Classifies all text of a request with the detectors of one policy revision. Build once per revision;
 * thread-safe (no mutable state besides the shared, synchronised embedding cache).
 *
 * <p>Cheap detectors (patterns, secrets, dictionaries) always run, over the normalised text and over text
 * decoded from long base64/hex runs and %XX escapes (bounded depth and size), and over the text of
 * attachments ({@code data:} URIs, PDFs); attachments that cannot be inspected get the policy's
 * {@code uninspectable} level, and a bound that is reached raises the level ({@link ClassifierBudget}). Semantic topic detectors run only when configured
 * and the cheap level is below {@code semanticSkipAtOrAbove}; their work is bounded by tokens and time, and a
 * timeout, an over-budget request or any failure inside them yields {@code timedOut=true} and RESTRICTED.
 *
 * <p>The cheap part is plain code over strings; should it ever throw (a bug), the exception propagates and
 * the CALLER MUST TREAT A THROWN EXCEPTION AS RESTRICTED (fail closed). Exception messages never contain
 * request text.
 */
public final class Classifier {
    private final List<Cheap> cheap = new ArrayList<>();
    private final SemanticDetector semantic;
    private final int maxDecodeDepth;
    private final int maxDecodedChars;
    private final Level uninspectable;
    private final long maxAttachmentBytes;
    private final int maxAttachmentChars;

    private record Cheap(DetectorSettings settings, Detector detector) {}

    public Classifier(ClassifierSettings settings) {
        this(settings, null);
    }

    /** With a given embedder for semantic detectors (null = the bundled all-MiniLM-L6-v2, loaded lazily). */
    Classifier(ClassifierSettings settings, Embedder embedder) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid classification settings: " + String.join("; ", problems));
        }
        List<DetectorSettings> topics = new ArrayList<>();
        for (DetectorSettings d : settings.detectors().values()) {
            Detector det =
                    switch (d.kind()) {
                        case PAYMENT_CARD -> new PaymentCardDetector(d);
                        case NATIONAL_ID -> new NationalIdDetector(d);
                        case SECRET -> new SecretDetector(d.tokenRules());
                        case IBAN -> new IbanDetector(d);
                        case EMAIL -> new EmailDetector(d);
                        case PHONE -> new PhoneDetector(d);
                        case BANK_ACCOUNT -> new BankAccountDetector(d);
                        case CRYPTO_WALLET -> new CryptoWalletDetector();
                        case NETWORK_ADDRESS -> new NetworkAddressDetector();
                        case DICTIONARY -> new DictionaryDetector(d);
                        case SEMANTIC -> null;
                    };
            if (det == null) {
                topics.add(d);
            } else {
                cheap.add(new Cheap(d, det));
            }
        }
        this.semantic = topics.isEmpty()
                ? null
                : new SemanticDetector(topics, embedder != null ? embedder : MiniLmEmbedder.shared(model(topics)));
        this.maxDecodeDepth = settings.maxDecodeDepth();
        this.maxDecodedChars = settings.maxDecodedChars();
        this.uninspectable = settings.uninspectableLevel();
        this.maxAttachmentBytes = settings.maxAttachmentBytes();
        this.maxAttachmentChars = settings.maxAttachmentChars();
    }

    /** All semantic detectors share one model per classifier (checked by ClassifierSettings.problems). */
    private static String model(List<DetectorSettings> topics) {
        return topics.get(0).modelOrDefault();
    }

    public boolean hasSemantic() {
        return semantic != null;
    }

    /** No deadline (tests, explain, policy test). */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    public Classification classify(List<TextSegment> segments, Level semanticSkipAtOrAbove) {
        return classify(RequestContent.of(segments), semanticSkipAtOrAbove, NO_DEADLINE);
    }

    public Classification classify(RequestContent content, Level semanticSkipAtOrAbove) {
        return classify(content, semanticSkipAtOrAbove, NO_DEADLINE);
    }

    /**
     * Classifies texts, keys and attachments. {@code deadlineNanos} ({@link System#nanoTime()} based, or
     * {@link #NO_DEADLINE}) is checked between detectors: once passed, the rest is not inspected and the result
     * is RESTRICTED with {@code budget:deadline}, so a slow request frees its thread instead of burning it.
     */
    public Classification classify(RequestContent content, Level semanticSkipAtOrAbove, long deadlineNanos) {
        long t0 = System.nanoTime();
        Run run = new Run(deadlineNanos);
        List<TextSegment> segments = content.segments();
        for (int i = 0; i < segments.size() && !run.late(); i++) {
            run.scan(NormalizedText.of(segments.get(i).text()), i, 0);
        }
        List<TextSegment> attachmentTexts = new ArrayList<>();
        Attachments.Budget budget = new Attachments.Budget(maxAttachmentBytes, maxAttachmentChars, deadlineNanos);
        for (Attachment a : content.attachments()) {
            if (run.late()) {
                break;
            }
            if (!a.header().isEmpty()) {
                run.scan(NormalizedText.decoded(a.header()), -1, 0);
            }
            Attachments.Inspection in = Attachments.inspect(a, budget);
            if (in.opaque() != null) {
                run.add(new Finding(ClassifierBudget.UNINSPECTABLE, in.opaque(), uninspectable, -1, -1, -1));
            }
            if (in.overBudget()) {
                run.spent(ClassifierBudget.ATTACHMENT);
            }
            if (in.text() != null && !in.text().isEmpty()) {
                run.scan(NormalizedText.decoded(in.text()), -1, 0);
                attachmentTexts.add(new TextSegment(a.path(), in.text()));
            }
        }
        boolean timedOut = run.late();
        if (timedOut) {
            run.spent(ClassifierBudget.DEADLINE);
        }
        if (!timedOut
                && semantic != null
                && (semanticSkipAtOrAbove == null || !run.level.atLeast(semanticSkipAtOrAbove))) {
            List<TextSegment> all = segments;
            if (!attachmentTexts.isEmpty()) {
                all = new ArrayList<>(segments);
                all.addAll(attachmentTexts);
            }
            SemanticDetector.Result r = semantic.scan(all);
            if (r.timedOut()) {
                timedOut = true;
                run.spent(ClassifierBudget.SEMANTIC);
            }
            for (Finding f : r.findings()) {
                run.add(f);
            }
        }
        return new Classification(
                run.level, run.counts, run.findings, timedOut, System.nanoTime() - t0, content.modalities());
    }

    /** Per-request state; also the sink the detectors report to. */
    private final class Run implements Detector.Sink {
        Level level = Level.PUBLIC;
        final SortedMap<String, Integer> counts = new TreeMap<>();
        final List<Finding> findings = new ArrayList<>();
        final long deadlineNanos;
        int decodedChars;
        private DetectorSettings current;
        private NormalizedText text;
        private int segment;
        private boolean binarySeen;

        Run(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        boolean late() {
            return deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos > 0;
        }

        void scan(NormalizedText nt, int segment, int depth) {
            for (Cheap c : cheap) {
                if (late()) {
                    return;
                }
                this.current = c.settings();
                this.text = nt;
                this.segment = segment;
                c.detector().scan(nt, this);
            }
            if (depth >= maxDecodeDepth) {
                // what is still encoded at the bound was not inspected: say so rather than let it pass
                if (!EncodedRuns.runs(nt.text, 1).texts().isEmpty() || EncodedRuns.percentDecoded(nt.text) != null) {
                    spent(ClassifierBudget.DECODE_DEPTH);
                }
                return;
            }
            EncodedRuns.Decoded d = EncodedRuns.runs(nt.text, Math.max(0, maxDecodedChars - decodedChars));
            if (d.exhausted()) {
                spent(ClassifierBudget.BASE64);
            }
            if (d.binaryRuns() > 0 && !binarySeen) {
                binarySeen = true; // one finding per request: a long base64 payload that is not text
                add(new Finding(ClassifierBudget.UNINSPECTABLE, "binary", uninspectable, -1, -1, -1));
            }
            for (String decoded : d.texts()) {
                decodedChars += decoded.length();
                scan(NormalizedText.decoded(decoded), segment, depth + 1);
            }
            // percent escapes: linear to undo and never longer than the text, so bounded by the body size
            String unescaped = EncodedRuns.percentDecoded(nt.text);
            if (unescaped != null) {
                scan(NormalizedText.decoded(unescaped), segment, depth + 1);
            }
        }

        /** A bound was reached: RESTRICTED, once per bound. */
        void spent(ClassifierBudget b) {
            if (!counts.containsKey(b.id())) {
                add(new Finding(b.id(), "budget", Level.RESTRICTED, -1, -1, -1));
            }
        }

        @Override
        public void hit(String kind, int start, int end) {
            DetectorSettings d = current;
            Finding f = text.mappable()
                    ? new Finding(d.id(), kind, d.level(), segment, text.origStart(start), text.origEnd(end))
                    : new Finding(d.id(), kind, d.level(), segment, -1, -1);
            add(f);
        }

        void add(Finding f) {
            findings.add(f);
            counts.merge(f.detectorId(), 1, Integer::sum);
            level = Level.max(level, f.level());
        }
    }
}
