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
 */
public record DetectorSettings(String id, DetectorKind kind, Level level, List<String> terms, Double threshold,
                               List<String> examples, List<String> allow, List<String> allowDomains,
                               Integer maxTokens, Integer timeoutMs, String model) {

    public static final double DEFAULT_THRESHOLD = 0.6;
    public static final int DEFAULT_MAX_TOKENS = 2048;
    public static final int DEFAULT_TIMEOUT_MS = 250;
    public static final List<String> DEFAULT_ALLOW_DOMAINS =
            List.of("example.com", "example.org", "example.net", "example", "test", "invalid", "localhost");

    /** Without a model choice (the default model for semantic detectors). */
    public DetectorSettings(String id, DetectorKind kind, Level level, List<String> terms, Double threshold,
                            List<String> examples, List<String> allow, List<String> allowDomains,
                            Integer maxTokens, Integer timeoutMs) {
        this(id, kind, level, terms, threshold, examples, allow, allowDomains, maxTokens, timeoutMs, null);
    }

    public DetectorSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(level, "level");
        terms = terms == null ? List.of() : List.copyOf(terms);
        examples = examples == null ? List.of() : List.copyOf(examples);
        allow = allow == null ? List.of() : List.copyOf(allow);
        allowDomains = allowDomains == null ? null : List.copyOf(allowDomains);
    }

    /** A built-in detector with defaults. */
    public static DetectorSettings builtin(DetectorKind kind, Level level) {
        return new DetectorSettings(kind.builtinId().orElseThrow(), kind, level, null, null, null, null, null,
                null, null);
    }

    public static DetectorSettings dictionary(String id, Level level, List<String> terms) {
        return new DetectorSettings(id, DetectorKind.DICTIONARY, level, terms, null, null, null, null, null, null);
    }

    public static DetectorSettings semantic(String id, Level level, double threshold, List<String> examples) {
        return new DetectorSettings(id, DetectorKind.SEMANTIC, level, null, threshold, examples, null, null,
                null, null);
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
        return p;
    }
}
