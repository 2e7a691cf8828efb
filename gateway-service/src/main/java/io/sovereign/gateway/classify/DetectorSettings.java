package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One detector's settings from the policy's {@code classification.detectors} map. Optional fields are empty
 * lists / null when not given. {@link #problems()} lists every violation with a path relative to the detector
 * (e.g. {@code threshold: must be in (0, 1]}) so the policy loader can report them all at once.
 *
 * @param allow        exact values (after normalisation, separators removed for numbers) that never fire,
 *                     e.g. published test card numbers
 * @param allowDomains email domains (and their subdomains) that never fire; null = the default documentation
 *                     domains (example.com/.org/.net, *.example, *.test, *.invalid, localhost)
 * @param maxTokens    semantic: most new (uncached) tokens embedded per request; beyond it the request is
 *                     treated as a timeout (highest level)
 * @param timeoutMs    semantic: time limit per request
 * @param model        semantic: "all-minilm-l6-v2" (fp32, default) or "all-minilm-l6-v2-q" (int8, ~2x faster)
 * @param regions      phone: ISO 3166 region codes whose national formats are recognised; null = a broad default
 *                     ({@link PhoneDetector#DEFAULT_REGIONS}); international numbers are found for every country
 * @param tokenRules   secret: the company's own token formats, added to the shipped rules
 */
public record DetectorSettings(
        String id,
        DetectorKind kind,
        Level level,
        List<String> terms,
        Double threshold,
        List<String> examples,
        List<String> allow,
        List<String> allowDomains,
        Integer maxTokens,
        Integer timeoutMs,
        String model,
        List<String> regions,
        List<TokenRule> tokenRules) {

    public static final double DEFAULT_THRESHOLD = 0.6;
    /**
     * The threshold the shipped policy suggests for topic detectors: on the curve SemanticCalibrationTest
     * measures (paraphrases vs unrelated requests; written down in bench/CLASSIFY.md), the point that catches
     * the most paraphrases while at most 1% of unrelated requests fire.
     */
    public static final double SUGGESTED_THRESHOLD = 0.3;

    public static final int DEFAULT_MAX_TOKENS = 2048;
    public static final int DEFAULT_TIMEOUT_MS = 250;
    public static final List<String> DEFAULT_ALLOW_DOMAINS =
            List.of("example.com", "example.org", "example.net", "example", "test", "invalid", "localhost");

    /** Without a model choice (the default model for semantic detectors). */
    public DetectorSettings(
            String id,
            DetectorKind kind,
            Level level,
            List<String> terms,
            Double threshold,
            List<String> examples,
            List<String> allow,
            List<String> allowDomains,
            Integer maxTokens,
            Integer timeoutMs) {
        this(id, kind, level, terms, threshold, examples, allow, allowDomains, maxTokens, timeoutMs, null);
    }

    /** Without phone regions or token rules. */
    public DetectorSettings(
            String id,
            DetectorKind kind,
            Level level,
            List<String> terms,
            Double threshold,
            List<String> examples,
            List<String> allow,
            List<String> allowDomains,
            Integer maxTokens,
            Integer timeoutMs,
            String model) {
        this(id, kind, level, terms, threshold, examples, allow, allowDomains, maxTokens, timeoutMs, model, null, null);
    }

    public DetectorSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(level, "level");
        terms = terms == null ? List.of() : List.copyOf(terms);
        examples = examples == null ? List.of() : List.copyOf(examples);
        allow = allow == null ? List.of() : List.copyOf(allow);
        allowDomains = allowDomains == null ? null : List.copyOf(allowDomains);
        regions = regions == null ? null : List.copyOf(regions);
        tokenRules = tokenRules == null ? List.of() : List.copyOf(tokenRules);
    }

    public List<String> regionsOrDefault() {
        return regions == null ? PhoneDetector.DEFAULT_REGIONS : regions;
    }

    /** A built-in detector with defaults. */
    public static DetectorSettings builtin(DetectorKind kind, Level level) {
        return new DetectorSettings(
                kind.builtinId().orElseThrow(), kind, level, null, null, null, null, null, null, null);
    }

    public static DetectorSettings dictionary(String id, Level level, List<String> terms) {
        return new DetectorSettings(id, DetectorKind.DICTIONARY, level, terms, null, null, null, null, null, null);
    }

    public static DetectorSettings semantic(String id, Level level, double threshold, List<String> examples) {
        return new DetectorSettings(
                id, DetectorKind.SEMANTIC, level, null, threshold, examples, null, null, null, null);
    }

    public double thresholdOrDefault() {
        return threshold == null ? DEFAULT_THRESHOLD : threshold;
    }

    public int maxTokensOrDefault() {
        return maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
    }

    public int timeoutMsOrDefault() {
        return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }

    public String modelOrDefault() {
        return model == null ? EmbeddingModels.NAMES.get(0) : model;
    }

    public List<String> allowDomainsOrDefault() {
        return allowDomains == null ? DEFAULT_ALLOW_DOMAINS : allowDomains;
    }

    /** Every violation, each prefixed with the offending field; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        boolean dict = kind == DetectorKind.DICTIONARY;
        boolean sem = kind == DetectorKind.SEMANTIC;
        if (dict && terms.isEmpty()) {
            p.add("terms: a dictionary detector needs at least one term");
        }
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i) == null || terms.get(i).isBlank()) {
                p.add("terms[" + i + "]: must not be blank");
            }
        }
        if (!dict && !terms.isEmpty()) {
            p.add("terms: only dictionary detectors take terms");
        }
        if (sem) {
            if (examples.isEmpty()) {
                p.add("examples: a semantic detector needs at least one example phrase");
            }
            for (int i = 0; i < examples.size(); i++) {
                if (examples.get(i) == null || examples.get(i).isBlank()) {
                    p.add("examples[" + i + "]: must not be blank");
                }
            }
            if (threshold == null) {
                p.add("threshold: required for a semantic detector (cosine similarity in (0, 1])");
            }
        } else {
            if (!examples.isEmpty()) {
                p.add("examples: only semantic detectors take examples");
            }
            if (threshold != null) {
                p.add("threshold: only semantic detectors take a threshold");
            }
            if (maxTokens != null) {
                p.add("max_tokens: only semantic detectors take max_tokens");
            }
            if (timeoutMs != null) {
                p.add("timeout_ms: only semantic detectors take timeout_ms");
            }
            if (model != null) {
                p.add("model: only semantic detectors take a model");
            }
        }
        if (threshold != null && (threshold.isNaN() || threshold <= 0 || threshold > 1)) {
            p.add("threshold: must be in (0, 1], got " + threshold);
        }
        if (maxTokens != null && (maxTokens < 16 || maxTokens > 65536)) {
            p.add("max_tokens: must be between 16 and 65536, got " + maxTokens);
        }
        if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > 60000)) {
            p.add("timeout_ms: must be between 1 and 60000, got " + timeoutMs);
        }
        if (model != null && !EmbeddingModels.NAMES.contains(model)) {
            p.add("model: unknown model '" + model + "'; valid: " + String.join(", ", EmbeddingModels.NAMES));
        }
        if (allowDomains != null && kind != DetectorKind.EMAIL) {
            p.add("allow_domains: only the email detector takes allow_domains");
        }
        if (regions != null) {
            if (kind != DetectorKind.PHONE) {
                p.add("regions: only the phone detector takes regions");
            } else if (regions.isEmpty()) {
                p.add("regions: give at least one region, or leave regions out for the default list");
            }
            for (int i = 0; i < regions.size(); i++) {
                String r = regions.get(i);
                if (r == null || !PhoneDetector.knownRegion(r)) {
                    p.add("regions[" + i + "]: unknown region '" + r
                            + "' (ISO 3166 alpha-2, upper case, e.g. US, DE, IN)");
                }
            }
        }
        if (!tokenRules.isEmpty() && kind != DetectorKind.SECRET) {
            p.add("rules: only the secret detector takes token rules");
        }
        for (int i = 0; i < tokenRules.size(); i++) {
            for (String problem : tokenRules.get(i).problems()) {
                p.add("rules[" + i + "]." + problem);
            }
        }
        if (sem) {
            String telemetry = MiniLmEmbedder.telemetryProblem(System.getenv("ORT_DISABLE_TELEMETRY"));
            if (telemetry != null) {
                p.add("examples: " + telemetry);
            }
        }
        return p;
    }
}
