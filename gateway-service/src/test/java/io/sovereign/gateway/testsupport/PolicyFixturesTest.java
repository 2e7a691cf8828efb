package io.sovereign.gateway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The fixture policies under {@code src/test/resources/policies/} are {@code policies/default.yaml} with a few
 * declared changes each. When the shipped policy changes (a detector, a target, a rule), a fixture that did not
 * follow fails here, naming the section, instead of an IT silently testing an old policy.
 */
class PolicyFixturesTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** Fixture, rules it puts in front of the shipped ones, and the paths where it may differ from the default. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("legal-stays-home.yaml", 1, List.of()),
                Arguments.of("redact-emails.yaml", 1, List.of()),
                Arguments.of("semantic-topics.yaml", 0, List.of("/classification/detectors/topics")),
                Arguments.of("large-bodies.yaml", 0, List.of("/targets/onprem/inputs", "/quotas")),
                Arguments.of("no-quotas.yaml", 0, List.of("/quotas")),
                Arguments.of("no-quotas-no-budgets.yaml", 0, List.of("/quotas", "/budgets")),
                Arguments.of("budget-exact.yaml", 0, List.of("/targets/hosted/price", "/quotas", "/budgets")),
                Arguments.of(
                        "worst-case.yaml",
                        0,
                        List.of(
                                "/targets/hosted/price",
                                "/targets/onprem/price",
                                "/targets/onprem/max_output_tokens",
                                "/quotas",
                                "/budgets")),
                Arguments.of("reload-all-onprem.yaml", 0, List.of("/rules/1")),
                Arguments.of("reload-unknown-target.yaml", 0, List.of("/rules/0/route")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aFixtureIsTheShippedPolicyButForItsDeclaredChanges(String name, int rulesInFront, List<String> changed)
            throws IOException {
        JsonNode shipped =
                YAML.readTree(Files.readString(GatewayHarness.repoRoot().resolve("policies/default.yaml")));
        JsonNode fixture = YAML.readTree(GatewayHarness.fixture(name, placeholders(name)));
        for (String path : changed) {
            assertThat(fixture.at(path))
                    .as(name + " declares a change at " + path + " but equals the default there")
                    .isNotEqualTo(shipped.at(path));
        }
        if (rulesInFront > 0) {
            ArrayNode rules = (ArrayNode) fixture.get("rules");
            ArrayNode tail = YAML.createArrayNode();
            for (int i = rulesInFront; i < rules.size(); i++) {
                tail.add(rules.get(i));
            }
            assertThat(tail)
                    .as(name + ": the rules after its own " + rulesInFront + " are the shipped rules")
                    .isEqualTo(shipped.get("rules"));
            changed = Stream.concat(changed.stream(), Stream.of("/rules")).toList();
        }
        JsonNode expected = without(shipped, changed);
        JsonNode actual = without(fixture, changed);
        for (String section : new TreeSet<>(union(expected, actual))) {
            assertThat(actual.get(section))
                    .as(name + " diverges from policies/default.yaml in '" + section
                            + "': follow the default there, or declare the change in PolicyFixturesTest")
                    .isEqualTo(expected.get(section));
        }
    }

    @Test
    void everyFixtureIsCheckedAndSaysWhatItIsFor() throws IOException, URISyntaxException {
        Path dir = Path.of(GatewayHarness.class.getResource("/policies/").toURI());
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .collect(Collectors.toSet());
        }
        assertThat(files)
                .containsExactlyInAnyOrderElementsOf(
                        fixtures().map(a -> (String) a.get()[0]).toList());
        for (String f : files) {
            assertThat(Files.readString(dir.resolve(f), StandardCharsets.UTF_8))
                    .as(f)
                    .contains("# Test fixture: ");
        }
    }

    /** A number for each {@code ${NAME}} of the fixture: the shape is what is compared, not the test's values. */
    private static Map<String, Object> placeholders(String name) {
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(GatewayHarness.fixtureSource(name));
        Map<String, Object> values = new java.util.HashMap<>();
        while (m.find()) {
            values.put(m.group(1), 1);
        }
        return values;
    }

    private static JsonNode without(JsonNode policy, List<String> paths) {
        JsonNode copy = policy.deepCopy();
        for (String path : paths) {
            JsonPointer p = JsonPointer.compile(path);
            JsonNode parent = copy.at(p.head());
            if (parent instanceof ObjectNode o) {
                o.remove(p.last().getMatchingProperty());
            } else if (parent instanceof ArrayNode a && p.last().getMatchingIndex() < a.size()) {
                a.set(p.last().getMatchingIndex(), YAML.nullNode());
            }
        }
        return copy;
    }

    private static Set<String> union(JsonNode a, JsonNode b) {
        Set<String> names = new TreeSet<>(a.propertyNames());
        names.addAll(b.propertyNames());
        return names;
    }
}
