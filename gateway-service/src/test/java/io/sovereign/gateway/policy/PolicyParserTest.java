package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy loader is strict and says where: each invalid fixture asserts the exact violation and its path. */
class PolicyParserTest {

    static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-x");

    static final String TARGETS = """
            version: 1
            targets:
              onprem: { location: onprem, url: "http://gpu:8000/v1", model: gpt-oss-20b, embedding_model: minilm }
              hosted: { location: external, url: "https://api.openai.com/v1", model: o3-mini, api_key: "${OPENAI_API_KEY:}", profile: openai-reasoning,
                        price: { input_per_million_usd: 1.10, output_per_million_usd: 4.40 } }
            sovereignty: { external_max_level: internal }
            classification:
              detectors:
                email: { level: confidential }
                codenames: { level: confidential, terms: [NIGHTJAR] }
            """;

    static final String RULES = """
            rules:
              - { name: sensitive, when: { level_at_least: confidential }, route: onprem }
              - { name: rest, route: hosted, fallback: onprem }
            """;

    static Policy parse(String yaml) throws PolicyException {
        return new PolicyParser(ENV::get).parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultPolicyLoads() throws Exception {
        byte[] bytes = Files.readAllBytes(GatewayHarness.repoRoot().resolve("policies/default.yaml"));
        Policy p = new PolicyParser(name -> null).parse(bytes);
        assertThat(p.targets()).containsOnlyKeys("onprem", "hosted");
        assertThat(p.target("hosted").available()).isFalse();
        assertThat(p.target("hosted").unavailableReason()).contains("OPENAI_API_KEY");
        assertThat(p.target("onprem").url().toString()).isEqualTo("http://localhost:8000/v1");
        // ONPREM_API_KEY unset: the on-prem target is called without a key, never made unavailable
        assertThat(p.target("onprem").available()).isTrue();
        assertThat(p.target("onprem").apiKey()).isNullOrEmpty();
        Policy keyed = new PolicyParser(name -> name.equals("ONPREM_API_KEY") ? "sk-li-1" : null).parse(bytes);
        assertThat(keyed.target("onprem").apiKey()).isEqualTo("sk-li-1");
        assertThat(p.sovereignty().externalMaxLevel()).isEqualTo(Level.INTERNAL);
        assertThat(p.rules()).extracting(Rule::name).containsExactly("sensitive-stays-home", "everything-else");
        assertThat(p.revision()).hasSize(12);
        assertThat(p.target("hosted").price().outputMicrosPerMillion()).isEqualTo(4_400_000);
        assertThat(p.budgetFor(Limits.Scope.TEAM, "legal").monthlyMicros()).isEqualTo(500_000_000L);
    }

    @Test
    void uninspectableContentAndTargetInputsHaveSafeDefaults() throws Exception {
        Policy p = parse(TARGETS + RULES);
        assertThat(p.uninspectableLevel()).isEqualTo(Level.CONFIDENTIAL);
        assertThat(p.target("onprem").inputs()).containsExactly(io.sovereign.gateway.classify.Modality.TEXT);
        assertThat(p.target("hosted").inputs()).hasSize(4);
        Policy lenient =
                parse(TARGETS.replace("embedding_model: minilm }", "embedding_model: minilm, inputs: [text, image] }")
                        + "  uninspectable: { level: internal }\n" + """
                rules:
                  - { name: no-pictures, when: { detectors: [uninspectable] }, deny: "no pictures" }
                """ + RULES.replace("rules:\n", ""));
        assertThat(lenient.uninspectableLevel()).isEqualTo(Level.INTERNAL);
        assertThat(lenient.target("onprem").inputs()).hasSize(2);
    }

    @Test
    void aValidPolicyParses() throws Exception {
        Policy p = parse(TARGETS + RULES);
        assertThat(p.target("hosted").apiKey()).isEqualTo("sk-x");
        assertThat(p.target("hosted").toString()).doesNotContain("sk-x");
        assertThat(((Rule.Route) p.rules().get(1).action()).fallback()).isEqualTo("onprem");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("unknown top-level key", TARGETS + RULES + "extra: 1\n", List.of("unknown key 'extra'")),
                Arguments.of(
                        "unknown route target", TARGETS + """
                        rules:
                          - { name: a, when: { level_at_least: confidential }, route: onprem }
                          - { name: b, route: onprem-2b }
                        """, List.of("rules[1].route: unknown target 'onprem-2b'")),
                Arguments.of(
                        "unknown detector in a rule",
                        TARGETS + """
                        rules:
                          - { name: a, when: { detectors: [iban] }, route: onprem }
                          - { name: b, route: onprem }
                        """,
                        List.of("rules[0].when.detectors: unknown detector 'iban'")),
                Arguments.of(
                        "unknown detector id",
                        TARGETS.replace("email: { level: confidential }", "emial: { level: confidential }") + RULES,
                        List.of("classification.detectors.emial: unknown detector 'emial'")),
                Arguments.of(
                        "unreachable rule after a catch-all",
                        TARGETS + """
                        rules:
                          - { name: all, route: onprem }
                          - { name: never, route: hosted }
                        """,
                        List.of("rules[1]: unreachable: rule 'all' before it matches every request")),
                Arguments.of("no catch-all", TARGETS + """
                        rules:
                          - { name: a, when: { teams: [legal] }, route: onprem }
                        """, List.of("rules: the last rule must match every request")),
                Arguments.of(
                        "bad threshold",
                        TARGETS.replace(
                                        "codenames: { level: confidential, terms: [NIGHTJAR] }",
                                        "topics: { level: confidential, threshold: 1.5, examples: [\"merger terms\"] }")
                                + RULES,
                        List.of("classification.detectors.topics.threshold: must be in (0, 1]")),
                Arguments.of(
                        "variable without value or default",
                        TARGETS.replace("\"${OPENAI_API_KEY:}\"", "\"${NOT_SET_ANYWHERE}\"") + RULES,
                        List.of(
                                "targets.hosted.api_key: environment variable NOT_SET_ANYWHERE is not set and has no default")),
                Arguments.of(
                        "sensitive data could leave",
                        TARGETS + """
                        rules:
                          - { name: everything-out, route: hosted }
                        """,
                        List.of("rules[0]: could send restricted data to external target(s) [hosted]")),
                Arguments.of(
                        "external fallback for sensitive rule",
                        TARGETS + """
                        rules:
                          - { name: s, when: { level_at_least: confidential }, route: onprem, fallback: hosted }
                          - { name: rest, route: hosted }
                        """,
                        List.of("rules[0]: could send restricted data to external target(s) [hosted]")),
                Arguments.of(
                        "bad level",
                        TARGETS.replace("external_max_level: internal", "external_max_level: secret") + RULES,
                        List.of("sovereignty.external_max_level: unknown level 'secret'")),
                Arguments.of(
                        "bad url",
                        TARGETS.replace("\"http://gpu:8000/v1\"", "\"gpu:8000\"") + RULES,
                        List.of("targets.onprem.url: must be an http(s) URL with a host")),
                Arguments.of("two actions", TARGETS + """
                        rules:
                          - { name: a, route: onprem, deny: "no" }
                        """, List.of("rules[0]: needs exactly one action")),
                Arguments.of(
                        "budget soft threshold out of range",
                        TARGETS + RULES + """
                        budgets:
                          - { team: "*", monthly_usd: 10, soft_at: 2 }
                        """,
                        List.of("budgets[0].soft_at: is a fraction of the budget between 0 and 1")),
                Arguments.of(
                        "unknown budget action",
                        TARGETS + RULES + """
                        budgets:
                          - { team: "*", monthly_usd: 10, on_exhausted: explode }
                        """,
                        List.of("budgets[0].on_exhausted: unknown value 'explode' (valid: deny, downgrade-to-onprem)")),
                Arguments.of(
                        "quota without a limit",
                        TARGETS + RULES + """
                        quotas:
                          - { who: user }
                        """,
                        List.of("quotas[0]: give requests_per_minute and/or tokens_per_minute")),
                Arguments.of(
                        "unknown key in a target",
                        TARGETS.replace("model: gpt-oss-20b,", "model: gpt-oss-20b, modle: x,") + RULES,
                        List.of("targets.onprem: unknown key 'modle'")),
                Arguments.of(
                        "bad uninspectable level",
                        TARGETS + "  uninspectable: { level: secret }\n" + RULES,
                        List.of("classification.uninspectable.level: unknown level 'secret'")),
                Arguments.of(
                        "unknown input kind",
                        TARGETS.replace("embedding_model: minilm }", "embedding_model: minilm, inputs: [text, video] }")
                                + RULES,
                        List.of("targets.onprem.inputs: unknown input 'video' (valid: text, image, audio, file)")),
                Arguments.of(
                        "inputs without text",
                        TARGETS.replace("embedding_model: minilm }", "embedding_model: minilm, inputs: [image] }")
                                + RULES,
                        List.of("targets.onprem.inputs: must include text")),
                Arguments.of(
                        "reserved detector id",
                        TARGETS.replace("codenames: {", "uninspectable: {") + RULES,
                        List.of("classification.detectors.uninspectable: 'uninspectable' is reserved")),
                Arguments.of("not YAML", "version: [1\n", List.of("not valid YAML")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidPoliciesAreRefusedWithThePath(String name, String yaml, List<String> expected) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(PolicyException.class, e -> {
            for (String fragment : expected) {
                assertThat(e.violations()).as(String.join("\n", e.violations())).anySatisfy(v -> assertThat(v)
                        .startsWith(fragment.contains(":") ? fragment.substring(0, fragment.indexOf(':')) : fragment)
                        .contains(fragment.contains(":") ? fragment.substring(fragment.indexOf(':') + 2) : fragment));
            }
        });
    }

    @Test
    void allViolationsAreReportedAtOnce() {
        String yaml = TARGETS.replace("external_max_level: internal", "external_max_level: secret") + """
                rules:
                  - { name: a, route: nowhere }
                  - { name: b, route: hosted }
                """;
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(
                        PolicyException.class, e -> assertThat(e.violations()).hasSizeGreaterThanOrEqualTo(3));
    }

    @Test
    void allowExternalAcknowledgesARuleThatCouldSendSensitiveData() throws Exception {
        Policy p = parse(TARGETS + """
                rules:
                  - { name: out, route: hosted, allow_external: true }
                """);
        assertThat(p.rules().get(0).allowExternal()).isTrue();
    }
}
