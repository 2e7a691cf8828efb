package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped token rule's own positives and negatives (classify/token-rules.yaml), through the real detector. */
class TokenRulesTest {

    static Stream<Arguments> examples() {
        List<Arguments> out = new ArrayList<>();
        for (TokenRules.Shipped s : TokenRules.shipped()) {
            s.positives()
                    .forEach(v -> out.add(Arguments.of(s.rule().id(), s.rule().kind(), v, true)));
            s.negatives()
                    .forEach(v -> out.add(Arguments.of(s.rule().id(), s.rule().kind(), v, false)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {2} -> {3}")
    @MethodSource("examples")
    void ruleExamples(String id, String kind, String text, boolean fires) {
        Set<String> kinds = new TreeSet<>();
        new SecretDetector().scan(NormalizedText.of(text), (k, a, e) -> kinds.add(k));
        assertEquals(fires, kinds.contains(kind), id + " on '" + text + "' gave " + kinds);
    }

    @Test
    void everyRuleHasPositivesAndNegatives() {
        for (TokenRules.Shipped s : TokenRules.shipped()) {
            assertFalse(s.positives().isEmpty(), s.rule().id() + " has no positive example");
            assertFalse(s.negatives().isEmpty(), s.rule().id() + " has no negative example");
        }
        assertTrue(TokenRules.shipped().size() >= 20, "the shipped token families");
    }

    @Test
    void aCompanyRuleFromThePolicyFires() {
        TokenRule acme = new TokenRule("acme-api-key", null, "acme_[a-z0-9]{32}", List.of("acme_"), 3.0);
        assertEquals(List.of(), acme.problems());
        assertEquals("ACME_API_KEY", acme.kind());
        SecretDetector d = new SecretDetector(List.of(acme));
        Set<String> kinds = new TreeSet<>();
        d.scan(
                NormalizedText.of("deploy with acme_3f9a7c1e5b2d8f4a6c0e9b7d5f3a1c8e please"),
                (k, a, e) -> kinds.add(k));
        assertEquals(Set.of("ACME_API_KEY"), kinds);
        Set<String> none = new TreeSet<>();
        d.scan(NormalizedText.of("acme_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa is low entropy"), (k, a, e) -> none.add(k));
        assertEquals(Set.of(), none);
    }

    @Test
    void badCompanyRulesAreReportedByField() {
        assertEquals(
                List.of(
                        "id: must be lower-case letters, digits and dashes, got 'Bad Id'",
                        "pattern: not a valid regular expression: Unclosed character class near index 4",
                        "keywords: give at least one literal that every match contains (the rule runs only where one occurs)",
                        "entropy: must be between 0 and 8 bits per char, got 9.0"),
                new TokenRule("Bad Id", null, "(abc[", List.of(), 9.0).problems());
        assertEquals(
                List.of("pattern: must not match the empty string"),
                new TokenRule("x", null, "a*", List.of("a"), null).problems());
    }
}
