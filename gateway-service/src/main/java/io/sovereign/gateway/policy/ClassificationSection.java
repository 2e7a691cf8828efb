package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.ClassifierSettings;
import io.sovereign.gateway.classify.DetectorKind;
import io.sovereign.gateway.classify.DetectorSettings;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.TokenRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code classification:} section: each detector's settings (a built-in id from {@link DetectorKind}, or a
 * dictionary or semantic detector by what it carries) and the level of content that cannot be inspected.
 */
final class ClassificationSection {

    private static final Set<String> DETECTOR_KEYS = Set.of(
            "level",
            "terms",
            "threshold",
            "examples",
            "allow",
            "allow_domains",
            "max_tokens",
            "timeout_ms",
            "model",
            "regions",
            "rules");

    private ClassificationSection() {}

    static Map<String, DetectorSettings> detectors(Cursor c) {
        Map<String, DetectorSettings> out = new LinkedHashMap<>();
        if (!c.object(Set.of("detectors", "uninspectable"))) {
            return out;
        }
        for (Map.Entry<String, Cursor> e : c.field("detectors").entries()) {
            String id = e.getKey();
            Cursor d = e.getValue();
            if (!d.object(DETECTOR_KEYS)) {
                d.violation("must be a mapping with at least a level");
                continue;
            }
            Level level = d.field("level").level(true);
            List<String> terms = d.field("terms").strings();
            List<String> examples = d.field("examples").strings();
            BigDecimal threshold = d.field("threshold").decimal(false);
            Long maxTokens = d.field("max_tokens").positiveLong();
            Long timeoutMs = d.field("timeout_ms").positiveLong();
            Cursor domains = d.field("allow_domains");
            var kind = DetectorKind.resolve(id, !terms.isEmpty(), !examples.isEmpty());
            if (kind.isEmpty()) {
                d.violation("unknown detector '" + id + "' (built in: " + String.join(", ", DetectorKind.BUILTIN_IDS)
                        + "; or give it terms: for a dictionary or examples: for semantic topics)");
                continue;
            }
            if (level == null) {
                continue;
            }
            DetectorSettings settings = new DetectorSettings(
                    id,
                    kind.get(),
                    level,
                    terms,
                    threshold == null ? null : threshold.doubleValue(),
                    examples,
                    d.field("allow").strings(),
                    domains.missing() ? null : domains.strings(),
                    maxTokens == null ? null : (int) Math.min(Integer.MAX_VALUE, maxTokens),
                    timeoutMs == null ? null : (int) Math.min(Integer.MAX_VALUE, timeoutMs),
                    d.field("model").string(false),
                    d.field("regions").missing() ? null : d.field("regions").strings(),
                    tokenRules(d.field("rules")));
            out.put(id, settings); // its values are checked by PolicyChecks
        }
        return out;
    }

    /** A secret detector's own token rules: [{id, pattern, keywords, entropy, kind}]. */
    private static List<TokenRule> tokenRules(Cursor c) {
        List<TokenRule> out = new ArrayList<>();
        if (c.missing()) {
            return out;
        }
        for (Cursor r : c.items()) {
            if (!r.object(Set.of("id", "kind", "pattern", "keywords", "entropy"))) {
                r.violation("must be a mapping with id, pattern and keywords");
                continue;
            }
            BigDecimal entropy = r.field("entropy").decimal(false);
            out.add(new TokenRule(
                    r.field("id").string(true),
                    r.field("kind").string(false),
                    r.field("pattern").string(true),
                    r.field("keywords").strings(),
                    entropy == null ? null : entropy.doubleValue()));
        }
        return out;
    }

    /**
     * {@code classification.uninspectable: { level: confidential }}: the level of content the classifier cannot
     * read (images, audio, archives, undecodable data); confidential when not given, so it stays in the building
     * unless an admin decides otherwise.
     */
    static Level uninspectable(Cursor classification) {
        Cursor u = classification.field("uninspectable");
        if (u.missing()) {
            return ClassifierSettings.DEFAULT_UNINSPECTABLE;
        }
        if (!u.object(Set.of("level"))) {
            u.violation("must be a mapping like { level: confidential }");
            return ClassifierSettings.DEFAULT_UNINSPECTABLE;
        }
        Level level = u.field("level").level(true);
        return level == null ? ClassifierSettings.DEFAULT_UNINSPECTABLE : level;
    }
}
