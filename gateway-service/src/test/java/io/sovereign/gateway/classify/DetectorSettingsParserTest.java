package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorSettingsParserTest {
    private static final String P = "classification.detectors";

    @Test
    void defaultPolicyBlockParses() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("payment-card", Map.of("level", "restricted"));
        d.put("national-id", Map.of("level", "restricted"));
        d.put("secret", Map.of("level", "restricted"));
        d.put("iban", Map.of("level", "confidential"));
        d.put("email", Map.of("level", "confidential", "allow_domains", List.of("example.com")));
        d.put("phone", Map.of("level", "confidential"));
        d.put("codenames", Map.of("level", "confidential", "terms", List.of("NIGHTJAR")));
        d.put("topics", Map.of("level", "confidential", "threshold", 0.6, "examples", List.of("merger terms"),
                "max_tokens", 1024, "timeout_ms", 200));
        DetectorSettingsParser.Parsed r = DetectorSettingsParser.parse(d, P);
        assertEquals(List.of(), r.problems());
        assertEquals(DetectorKind.DICTIONARY, r.settings().detectors().get("codenames").kind());
        assertEquals(DetectorKind.SEMANTIC, r.settings().detectors().get("topics").kind());
        assertEquals(200, r.settings().detectors().get("topics").timeoutMs());
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("credit-card", Map.of("level", "restricted"));
        d.put("email", Map.of("level", "secret"));
        d.put("topics", new LinkedHashMap<>(Map.of("level", "confidential", "threshold", 1.7,
                "examples", List.of("x"))));
        d.put("phone", Map.of("level", "confidential", "treshold", 0.5));
        d.put("codenames", Map.of("level", "confidential", "terms", "NIGHTJAR"));
        d.put("iban", "confidential");
        List<String> problems = DetectorSettingsParser.parse(d, P).problems();
        assertTrue(problems.get(0).startsWith(
                "classification.detectors.credit-card: unknown detector 'credit-card'; built-in detectors are "), problems.get(0));
        assertEquals(List.of(
                "classification.detectors.email.level: unknown level 'secret'; valid levels: public, internal, confidential, restricted",
                "classification.detectors.topics.threshold: must be in (0, 1], got 1.7",
                "classification.detectors.phone.treshold: unknown key; valid keys are allow, allow_domains, examples, level, max_tokens, model, terms, threshold, timeout_ms",
                "classification.detectors.codenames.terms: must be a list of strings",
                "classification.detectors.iban: must be a map with at least 'level'"),
                problems.subList(1, problems.size()));
    }
}
