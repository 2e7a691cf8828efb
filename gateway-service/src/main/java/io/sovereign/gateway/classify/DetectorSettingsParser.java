package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reader of a policy's {@code classification.detectors} block, already parsed from YAML/JSON into plain
 * maps and lists. Reports EVERY problem with its path ({@code classification.detectors.topics.threshold: ...}):
 * unknown detector ids, unknown keys, wrong types, bad levels and thresholds. The policy loader merges these with
 * its own violations.
 */
public final class DetectorSettingsParser {
    /** Keys a detector entry may have. */
    public static final Set<String> KEYS = Set.of("level", "terms", "threshold", "examples", "allow",
            "allow_domains", "max_tokens", "timeout_ms", "model");

    public record Parsed(ClassifierSettings settings, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DetectorSettingsParser() {
    }

    /**
     * @param detectors the map under {@code classification.detectors} (null = no detectors)
     * @param path      path prefix for messages, e.g. {@code classification.detectors}
     */
    public static Parsed parse(Map<String, ?> detectors, String path) {
        List<String> problems = new ArrayList<>();
        Map<String, DetectorSettings> out = new LinkedHashMap<>();
        if (detectors != null) {
            detectors.forEach((id, raw) -> {
                String p = path + "." + id;
                if (!(raw instanceof Map<?, ?> m)) {
                    problems.add(p + ": must be a map with at least 'level'");
                    return;
                }
                DetectorSettings d = one(id, m, p, problems);
                if (d != null) {
                    out.put(id, d);
                }
            });
        }
        ClassifierSettings settings = new ClassifierSettings(out);
        return new Parsed(settings, List.copyOf(problems));
    }

    private static DetectorSettings one(String id, Map<?, ?> m, String p, List<String> problems) {
        int before = problems.size();
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                problems.add(p + "." + k + ": unknown key; valid keys are " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Level level = null;
        Object lv = m.get("level");
        if (lv == null) {
            problems.add(p + ".level: required");
        } else {
            try {
                level = Level.parse(String.valueOf(lv));
            } catch (IllegalArgumentException e) {
                problems.add(p + ".level: " + e.getMessage());
            }
        }
        List<String> terms = strings(m.get("terms"), p + ".terms", problems);
        List<String> examples = strings(m.get("examples"), p + ".examples", problems);
        List<String> allow = strings(m.get("allow"), p + ".allow", problems);
        List<String> allowDomains = strings(m.get("allow_domains"), p + ".allow_domains", problems);
        Double threshold = number(m.get("threshold"), p + ".threshold", problems);
        Integer maxTokens = integer(m.get("max_tokens"), p + ".max_tokens", problems);
        Integer timeoutMs = integer(m.get("timeout_ms"), p + ".timeout_ms", problems);
        String model = null;
        if (m.get("model") != null) {
            if (m.get("model") instanceof String x) {
                model = x;
            } else {
                problems.add(p + ".model: must be a string");
            }
        }
        var kind = DetectorKind.resolve(id, m.containsKey("terms"), m.containsKey("examples"));
        if (kind.isEmpty()) {
            problems.add(p + ": " + DetectorKind.unknownMessage(id));
        }
        if (problems.size() > before || kind.isEmpty()) {
            return null;
        }
        DetectorSettings d = new DetectorSettings(id, kind.get(), level, terms, threshold, examples, allow,
                allowDomains, maxTokens, timeoutMs, model);
        d.problems().forEach(msg -> problems.add(p + "." + msg));
        return problems.size() > before ? null : d;
    }

    private static List<String> strings(Object v, String p, List<String> problems) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            problems.add(p + ": must be a list of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s)) {
                problems.add(p + "[" + i + "]: must be a string");
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static Double number(Object v, String p, List<String> problems) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        problems.add(p + ": must be a number");
        return null;
    }

    private static Integer integer(Object v, String p, List<String> problems) {
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long x = ((Number) v).longValue();
            if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                return (int) x;
            }
        }
        problems.add(p + ": must be an integer");
        return null;
    }
}
