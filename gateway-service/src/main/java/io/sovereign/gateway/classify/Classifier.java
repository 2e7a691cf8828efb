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
 * decoded from long base64/hex runs and %XX escapes (bounded depth and size). Semantic topic detectors run only when configured
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

    private record Cheap(DetectorSettings settings, Detector detector) {
    }

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
            Detector det = switch (d.kind()) {
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
        this.semantic = topics.isEmpty() ? null
                : new SemanticDetector(topics, embedder != null ? embedder : MiniLmEmbedder.shared(model(topics)));
        this.maxDecodeDepth = settings.maxDecodeDepth();
        this.maxDecodedChars = settings.maxDecodedChars();
    }

    /** All semantic detectors share one model per classifier (checked by ClassifierSettings.problems). */
    private static String model(List<DetectorSettings> topics) {
        return topics.get(0).modelOrDefault();
    }

    public boolean hasSemantic() {
        return semantic != null;
    }

    public Classification classify(List<TextSegment> segments, Level semanticSkipAtOrAbove) {
        long t0 = System.nanoTime();
        Run run = new Run();
        for (int i = 0; i < segments.size(); i++) {
            NormalizedText nt = NormalizedText.of(segments.get(i).text());
            run.scan(nt, i, 0);
        }
        boolean timedOut = false;
        if (semantic != null && (semanticSkipAtOrAbove == null || !run.level.atLeast(semanticSkipAtOrAbove))) {
            SemanticDetector.Result r = semantic.scan(segments);
            if (r.timedOut()) {
                timedOut = true;
                run.level = Level.RESTRICTED;
            }
            for (Finding f : r.findings()) {
                run.add(f);
            }
        }
        return new Classification(run.level, run.counts, run.findings, timedOut, System.nanoTime() - t0);
    }

    /** Per-request state; also the sink the detectors report to. */
    private final class Run implements Detector.Sink {
        Level level = Level.PUBLIC;
        final SortedMap<String, Integer> counts = new TreeMap<>();
        final List<Finding> findings = new ArrayList<>();
        int decodedChars;
        private DetectorSettings current;
        private NormalizedText text;
        private int segment;

        void scan(NormalizedText nt, int segment, int depth) {
            for (Cheap c : cheap) {
                this.current = c.settings();
                this.text = nt;
                this.segment = segment;
                c.detector().scan(nt, this);
            }
            if (depth < maxDecodeDepth && decodedChars < maxDecodedChars) {
                for (String decoded : EncodedRuns.decode(nt.text, maxDecodedChars - decodedChars)) {
                    decodedChars += decoded.length();
                    scan(NormalizedText.decoded(decoded), segment, depth + 1);
                }
                String unescaped = EncodedRuns.percentDecoded(nt.text);
                if (unescaped != null && decodedChars + unescaped.length() <= maxDecodedChars) {
                    decodedChars += unescaped.length();
                    scan(NormalizedText.decoded(unescaped), segment, depth + 1);
                }
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
