package io.sovereign.gateway.cli;

import io.sovereign.gateway.admin.Explainer;
import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.decide.Classifying;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.ClassifierProperties;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.policy.PolicyException;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.request.Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs policy test cases against a policy file: each case is a YAML file with a request (as a user of a
 * team) and the expected rule, action, target, level and detectors. Every mismatch is printed; exit 1 if any.
 *
 * <pre>
 * name: a card number stays on-prem
 * as: { user: alice, team: engineering, roles: [gateway-user] }   # optional
 * endpoint: chat.completions                                        # optional (or embeddings)
 * request: { model: auto, messages: [ { role: user, content: "my card is 4111 1111 1111 1111" } ] }
 * expect: { rule: sensitive-stays-home, action: route, target: onprem, level: restricted, detectors: [payment-card] }
 * </pre>
 */
final class PolicyTestRunner {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private PolicyTestRunner() {}

    static int run(Path policyFile, Path casesDir, PrintStream out, PrintStream err) throws IOException {
        Policy policy;
        try {
            policy = new PolicyParser(System::getenv).parse(Files.readAllBytes(policyFile));
        } catch (PolicyException e) {
            err.println("INVALID " + policyFile + ": " + e.getMessage());
            return 1;
        }
        List<Path> cases;
        try (Stream<Path> files = Files.list(casesDir)) {
            cases = files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        if (cases.isEmpty()) {
            err.println("no test cases (*.yaml) in " + casesDir);
            return 2;
        }
        PolicyClassifiers classifiers = new PolicyClassifiers();
        // the pipeline's fail-closed handling and its default deadline (gateway.classifier.deadline)
        Explainer explainer = new Explainer(
                new Adjudicator(p -> Classifying.of(classifiers.apply(p)), ClassifierProperties.DEFAULT_DEADLINE));
        int failed = 0;
        for (Path file : cases) {
            List<String> problems = runCase(policy, explainer, file);
            if (problems.isEmpty()) {
                out.println("PASS " + file.getFileName());
            } else {
                failed++;
                out.println("FAIL " + file.getFileName() + "\n  " + String.join("\n  ", problems));
            }
        }
        out.println(
                (cases.size() - failed) + " passed, " + failed + " failed (policy revision " + policy.revision() + ")");
        return failed == 0 ? 0 : 1;
    }

    static List<String> runCase(Policy policy, Explainer explainer, Path file) throws IOException {
        JsonNode c = YAML.readTree(Files.readString(file));
        List<String> problems = new ArrayList<>();
        JsonNode as = c.path("as");
        Set<String> roles = new LinkedHashSet<>();
        as.path("roles").forEach(r -> roles.add(r.asString()));
        if (roles.isEmpty()) {
            roles.add("gateway-user");
        }
        Set<String> groups = new LinkedHashSet<>();
        as.path("groups").forEach(g -> groups.add(g.asString()));
        GatewayPrincipal principal = new GatewayPrincipal(
                as.path("user").asString("test-user"),
                as.path("team").asString("test-team"),
                groups,
                roles,
                GatewayPrincipal.Method.API_KEY);
        Endpoint endpoint = Endpoint.byId(c.path("endpoint").asString("chat.completions"));
        if (endpoint == null || !c.has("request") || !c.has("expect")) {
            return List.of("a case needs request:, expect: and a valid endpoint: (chat.completions|embeddings)");
        }
        ObjectNode result;
        try {
            result = explainer.explainNow(
                    policy, endpoint, RequestParser.JSON.writeValueAsBytes(c.get("request")), principal);
        } catch (GatewayError e) {
            return List.of("the request itself is refused: " + e.getMessage());
        }
        JsonNode expect = c.get("expect");
        for (String field : List.of("rule", "action", "target", "level", "fallback")) {
            if (expect.has(field)) {
                String want =
                        expect.get(field).isNull() ? null : expect.get(field).asString();
                String got =
                        result.path(field).isMissingNode() || result.path(field).isNull()
                                ? null
                                : result.path(field).asString();
                if (want == null ? got != null : !want.equals(got)) {
                    problems.add(field + ": expected " + want + ", got " + got);
                }
            }
        }
        if (expect.has("detectors")) {
            Set<String> want = new LinkedHashSet<>();
            expect.get("detectors").forEach(d -> want.add(d.asString()));
            Set<String> got = new LinkedHashSet<>(result.path("detectors").propertyNames());
            if (!want.equals(got)) {
                problems.add("detectors: expected " + want + ", got " + got);
            }
        }
        if (expect.has("message_contains")
                && !result.path("message")
                        .asString("")
                        .contains(expect.get("message_contains").asString())) {
            problems.add("message: expected to contain '"
                    + expect.get("message_contains").asString() + "', got '"
                    + result.path("message").asString("") + "'");
        }
        return problems;
    }
}
