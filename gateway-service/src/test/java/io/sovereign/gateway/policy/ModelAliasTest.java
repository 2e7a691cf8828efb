package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code models.aliases}: what resolves through a pattern, what never does, and how a bad alias is refused. */
class ModelAliasTest {

    static final String ALIASES = """
            models:
              aliases:
                gpt-5-codex*: auto
                claude-opus-?-5: auto
                claude-*: o3-mini
                "*-local": gpt-oss-20b
            """;

    static Policy policy(String models) throws PolicyException {
        return PolicyParserTest.parse(PolicyParserTest.TARGETS + PolicyParserTest.RULES + models);
    }

    @Test
    void aNameResolvesThroughTheFirstMatchingPatternInFileOrder() throws Exception {
        Policy p = policy(ALIASES);
        ModelCatalog.Resolution r = ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "claude-opus-5-5");
        assertThat(r.aliased()).isTrue();
        assertThat(r.model()).isEqualTo("auto");
        assertThat(r.alias().pattern()).isEqualTo("claude-opus-?-5");
        assertThat(r.note())
                .isEqualTo("model 'claude-opus-5-5' is an alias of 'auto' (models.aliases 'claude-opus-?-5')");
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "claude-haiku-4-5-20251001")
                        .model())
                .isEqualTo("o3-mini");
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "gpt-5-codex")
                        .model())
                .isEqualTo("auto");
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "tiny-local")
                        .model())
                .isEqualTo("gpt-oss-20b");
    }

    @Test
    void namesThePolicyOffersMeanThemselvesAndUnknownNamesStayUnknown() throws Exception {
        Policy p = policy(ALIASES);
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "o3-mini").aliased())
                .isFalse();
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "auto").aliased())
                .isFalse();
        ModelCatalog.Resolution unknown = ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "gpt-9");
        assertThat(unknown.aliased()).isFalse();
        assertThat(unknown.model()).isEqualTo("gpt-9");
        // a pattern is anchored and case-sensitive: no substring or case-folded matches
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "my-gpt-5-codex")
                        .aliased())
                .isFalse();
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "Claude-opus-5-5")
                        .aliased())
                .isFalse();
    }

    @Test
    void embeddingsNeverResolveThroughAPattern() throws Exception {
        Policy p = policy(ALIASES);
        assertThat(ModelCatalog.resolve(p, Endpoint.EMBEDDINGS, "claude-embed").aliased())
                .isFalse();
    }

    @Test
    void theEngineDecidesAnAliasAsTheNameItStandsFor() throws Exception {
        Policy p = policy(ALIASES);
        Decision auto = DecisionEngine.decide(p, DecisionEngineTest.chat("gpt-5-codex", Level.PUBLIC));
        assertThat(auto.targetName()).isEqualTo("hosted");
        assertThat(auto.rule()).isEqualTo("rest");
        assertThat(auto.notes()).contains("model 'gpt-5-codex' is an alias of 'auto' (models.aliases 'gpt-5-codex*')");
        Decision sensitive = DecisionEngine.decide(p, DecisionEngineTest.chat("gpt-5-codex", Level.CONFIDENTIAL));
        assertThat(sensitive.targetName()).isEqualTo("onprem");
        Decision pinned = DecisionEngine.decide(p, DecisionEngineTest.chat("tiny-local", Level.PUBLIC));
        assertThat(pinned.targetName()).isEqualTo("onprem"); // the alias pins like the name it stands for
        // a pattern that stands for the hosted model is still held to the ceiling
        Decision held = DecisionEngine.decide(p, DecisionEngineTest.chat("claude-x", Level.RESTRICTED));
        assertThat(held.targetName()).isEqualTo("onprem");
        assertThatThrownBy(() -> DecisionEngine.decide(p, DecisionEngineTest.chat("gpt-9", Level.PUBLIC)))
                .isInstanceOfSatisfying(
                        GatewayError.NotFound.class, e -> assertThat(e.code()).isEqualTo("model_not_found"));
    }

    @Test
    void aliasesAreListedWithWhatTheyResolveTo() throws Exception {
        List<ModelCatalog.Listed> listed = ModelCatalog.listing(policy(ALIASES));
        assertThat(listed.subList(0, 4))
                .extracting(ModelCatalog.Listed::id)
                .containsExactlyInAnyOrder("auto", "gpt-oss-20b", "minilm", "o3-mini");
        assertThat(listed.subList(4, listed.size()))
                .extracting(ModelCatalog.Listed::id)
                .containsExactly("gpt-5-codex*", "claude-opus-?-5", "claude-*", "*-local");
        assertThat(listed)
                .filteredOn(l -> l.id().equals("claude-*"))
                .singleElement()
                .satisfies(l -> assertThat(l.aliasOf()).isEqualTo("o3-mini"))
                .satisfies(l -> assertThat(l.ownedBy()).isEqualTo("hosted"));
        assertThat(listed)
                .filteredOn(l -> l.id().equals("auto"))
                .singleElement()
                .satisfies(l -> assertThat(l.aliasOf()).isNull());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gpt-6.1-sol",
                "gpt-5-codex",
                "gpt-5.5",
                "claude-opus-5-5",
                "claude-haiku-4-5-20251001",
                "claude-haiku-5-5"
            })
    void theShippedPolicyAliasesTheDefaultsOfCodexAndClaudeCodeToAuto(String model) throws Exception {
        Policy p = new PolicyParser(name -> null)
                .parse(Files.readAllBytes(GatewayHarness.repoRoot().resolve("policies/default.yaml")));
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, model).model())
                .isEqualTo("auto");
        assertThat(ModelCatalog.resolve(p, Endpoint.CHAT_COMPLETIONS, "gpt-4o").aliased())
                .isFalse();
        assertThat(p.target("hosted").speaks(Target.Api.RESPONSES)).isTrue();
        assertThat(p.target("onprem").apis()).containsExactly(Target.Api.CHAT);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "unknown alias target",
                        "models:\n  aliases:\n    claude-*: gpt-4o\n",
                        "models.aliases.claude-*: unknown model 'gpt-4o' (an alias resolves to one of: auto, gpt-oss-20b, o3-mini)"),
                Arguments.of(
                        "embedding model as alias target",
                        "models:\n  aliases:\n    claude-*: minilm\n",
                        "models.aliases.claude-*: unknown model 'minilm'"),
                Arguments.of(
                        "bad glob",
                        "models:\n  aliases:\n    \"claude opus[5]\": auto\n",
                        "models.aliases.claude opus[5]: 'claude opus[5]' is not a model name pattern"),
                Arguments.of(
                        "only wildcards",
                        "models:\n  aliases:\n    \"*\": auto\n",
                        "models.aliases.*: '*' matches every model name, so a mistyped name would never get model_not_found"),
                Arguments.of(
                        "alias replaces a real name",
                        "models:\n  aliases:\n    o3-mini: gpt-oss-20b\n",
                        "models.aliases.o3-mini: 'o3-mini' is a model the policy offers itself; an alias cannot replace it"),
                Arguments.of(
                        "alias without a target",
                        "models:\n  aliases:\n    claude-*:\n",
                        "models.aliases.claude-*: is required"),
                Arguments.of(
                        "unknown key under models",
                        "models:\n  alias: {}\n",
                        "models: unknown key 'alias' (allowed: aliases)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void badAliasesAreRefusedWithThePath(String name, String models, String expected) {
        assertThatThrownBy(() -> policy(models))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.violations())
                        .as(String.join("\n", e.violations()))
                        .anySatisfy(v -> assertThat(v).startsWith(expected)));
    }

    @Test
    void targetsDeclareTheApisTheySpeak() throws Exception {
        Policy p = PolicyParserTest.parse(PolicyParserTest.TARGETS.replace(
                        "embedding_model: minilm }", "embedding_model: minilm, apis: [chat, responses, messages] }")
                + PolicyParserTest.RULES);
        assertThat(p.target("onprem").apis())
                .containsExactly(Target.Api.CHAT, Target.Api.RESPONSES, Target.Api.MESSAGES);
        assertThat(p.target("hosted").apis()).containsExactly(Target.Api.CHAT);
        assertThatThrownBy(() -> PolicyParserTest.parse(PolicyParserTest.TARGETS.replace(
                                "embedding_model: minilm }", "embedding_model: minilm, apis: [responses] }")
                        + PolicyParserTest.RULES))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.violations())
                        .contains("targets.onprem.apis: must include chat (every front-end can be bridged to chat"
                                + " completions, so each target speaks it)"));
        assertThatThrownBy(() -> PolicyParserTest.parse(PolicyParserTest.TARGETS.replace(
                                "embedding_model: minilm }", "embedding_model: minilm, apis: [chat, grpc] }")
                        + PolicyParserTest.RULES))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.violations())
                        .contains("targets.onprem.apis: unknown API 'grpc' (valid: chat, responses, messages)"));
    }
}
