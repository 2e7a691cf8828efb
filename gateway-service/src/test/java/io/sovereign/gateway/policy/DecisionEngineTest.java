package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.request.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fail-closed properties of the decision engine, each on its own. */
class DecisionEngineTest {

    static final GatewayPrincipal ALICE = new GatewayPrincipal(
            "alice",
            "engineering",
            Set.of("/teams/engineering"),
            Set.of("gateway-user"),
            GatewayPrincipal.Method.API_KEY);

    static Policy policy(String onViolation, String extraRules) throws PolicyException {
        String yaml = PolicyParserTest.TARGETS.replace(
                        "sovereignty: { external_max_level: internal }",
                        "sovereignty: { external_max_level: internal, on_violation: " + onViolation + " }")
                + "rules:\n" + extraRules + """
                  - { name: sensitive, when: { level_at_least: confidential }, route: onprem }
                  - { name: rest, route: hosted, fallback: onprem }
                """;
        return new PolicyParser(PolicyParserTest.ENV::get).parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    static RequestFacts chat(String model, Level level) {
        return new RequestFacts(
                Endpoint.CHAT_COMPLETIONS, model, level, level == Level.PUBLIC ? Map.of() : Map.of("email", 1), ALICE);
    }

    @ParameterizedTest
    @EnumSource(
            value = Level.class,
            names = {"CONFIDENTIAL", "RESTRICTED"})
    void sensitiveAutoRequestsGoOnpremWithoutExternalFallback(Level level) throws Exception {
        Decision d = DecisionEngine.decide(policy("reroute-onprem", ""), chat("auto", level));
        assertThat(d.targetName()).isEqualTo("onprem");
        assertThat(d.fallback()).isNull();
        assertThat(d.rule()).isEqualTo("sensitive");
    }

    @Test
    void publicAutoRequestsGoHostedWithOnpremFallback() throws Exception {
        Decision d = DecisionEngine.decide(policy("reroute-onprem", ""), chat("auto", Level.PUBLIC));
        assertThat(d.targetName()).isEqualTo("hosted");
        assertThat(d.fallback().name()).isEqualTo("onprem");
        assertThat(d.upstreamModel()).isEqualTo("o3-mini");
    }

    @Test
    void namingTheHostedModelDoesNotTakeSensitiveDataOut() throws Exception {
        Decision d = DecisionEngine.decide(policy("reroute-onprem", ""), chat("o3-mini", Level.RESTRICTED));
        assertThat(d.targetName()).isEqualTo("onprem");
        assertThat(d.upstreamModel()).isEqualTo("gpt-oss-20b");
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).startsWith("re-routed on-prem"));
    }

    @Test
    void orIsRefusedWhenThePolicySaysDeny() throws Exception {
        Policy p = policy(
                "deny", "  - { name: o3-for-all, when: { models: [o3-mini] }, route: hosted, allow_external: true }\n");
        assertThatThrownBy(() -> DecisionEngine.decide(p, chat("o3-mini", Level.CONFIDENTIAL)))
                .isInstanceOfSatisfying(GatewayError.Forbidden.class, e -> {
                    assertThat(e.status().value()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .contains("classified confidential", "external ceiling 'internal'", "hosted");
                });
    }

    @Test
    void aRuleAllowedToMatchSensitiveDataStillCannotSendItOut() throws Exception {
        Policy p = policy(
                "reroute-onprem",
                "  - { name: legal-uses-hosted, when: { teams: [engineering] }, route: hosted, allow_external: true }\n");
        Decision d = DecisionEngine.decide(p, chat("auto", Level.RESTRICTED));
        assertThat(d.rule()).isEqualTo("legal-uses-hosted");
        assertThat(d.targetName()).isEqualTo("onprem");
    }

    @Test
    void internalMayLeave() throws Exception {
        Decision d = DecisionEngine.decide(policy("reroute-onprem", ""), chat("o3-mini", Level.INTERNAL));
        assertThat(d.targetName()).isEqualTo("hosted");
    }

    @Test
    void sensitiveEmbeddingsForAHostedModelAreRefusedNotSwitched() throws Exception {
        Policy p = policy("reroute-onprem", "");
        Policy withHostedEmbeddings = new Policy(
                p.revision(),
                Map.of(
                        "onprem",
                        p.target("onprem"),
                        "hosted",
                        new Target(
                                "hosted",
                                Location.EXTERNAL,
                                p.target("hosted").url(),
                                "o3-mini",
                                "text-embedding-3-small",
                                "k",
                                new io.sovereign.gateway.money.Price(0, 0, 0),
                                p.target("hosted").profile(),
                                4096,
                                null)),
                p.sovereignty(),
                p.detectors(),
                p.rules(),
                p.quotas(),
                p.budgets());
        assertThatThrownBy(() -> DecisionEngine.decide(
                        withHostedEmbeddings,
                        new RequestFacts(
                                Endpoint.EMBEDDINGS,
                                "text-embedding-3-small",
                                Level.CONFIDENTIAL,
                                Map.of("email", 1),
                                ALICE)))
                .isInstanceOf(GatewayError.Forbidden.class)
                .hasMessageContaining("never switched");
        Decision ok = DecisionEngine.decide(
                withHostedEmbeddings,
                new RequestFacts(Endpoint.EMBEDDINGS, "auto", Level.RESTRICTED, Map.of("secret", 1), ALICE));
        assertThat(ok.targetName()).isEqualTo("onprem");
        assertThat(ok.upstreamModel()).isEqualTo("minilm");
    }

    @Test
    void denyRulesRefuseWithTheirMessage() throws Exception {
        Policy p = policy(
                "reroute-onprem",
                "  - { name: no-legal, when: { teams: [engineering], detectors: [codenames] }, deny: \"Codenames stay out of chat.\" }\n");
        Decision d = DecisionEngine.decide(
                p,
                new RequestFacts(Endpoint.CHAT_COMPLETIONS, "auto", Level.CONFIDENTIAL, Map.of("codenames", 1), ALICE));
        assertThat(d.kind()).isEqualTo(Decision.Kind.DENY);
        assertThat(d.denyMessage()).isEqualTo("Codenames stay out of chat.");
    }

    @Test
    void unknownModelsAre404() throws Exception {
        assertThatThrownBy(() -> DecisionEngine.decide(policy("reroute-onprem", ""), chat("gpt-5", Level.PUBLIC)))
                .isInstanceOfSatisfying(
                        GatewayError.NotFound.class, e -> assertThat(e.code()).isEqualTo("model_not_found"));
    }
}
