package io.sovereign.gateway.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The shipped token rules ({@code classify/token-rules.yaml}), read once per JVM, with their test cases. */
final class TokenRules {
    static final String RESOURCE = "/classify/token-rules.yaml";

    /** A shipped rule and the examples the file gives for it (run by the tests). */
    record Shipped(TokenRule rule, List<String> positives, List<String> negatives) {}

    private static final List<Shipped> SHIPPED = load();
    private static final List<TokenRule.Compiled> COMPILED =
            SHIPPED.stream().map(s -> new TokenRule.Compiled(s.rule())).toList();

    private TokenRules() {}

    static List<Shipped> shipped() {
        return SHIPPED;
    }

    static List<TokenRule.Compiled> compiledShipped() {
        return COMPILED;
    }

    private static List<Shipped> load() {
        try (InputStream in = TokenRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode root = YAMLMapper.builder().build().readTree(in);
            List<Shipped> out = new ArrayList<>();
            for (JsonNode r : root.get("rules")) {
                TokenRule rule = new TokenRule(
                        text(r, "id"),
                        text(r, "kind"),
                        text(r, "pattern"),
                        strings(r, "keywords"),
                        r.has("entropy") ? r.get("entropy").asDouble() : null);
                List<String> problems = rule.problems(false);
                if (!problems.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + ": rule '" + rule.id() + "': " + problems);
                }
                out.add(new Shipped(rule, strings(r, "positives"), strings(r, "negatives")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) ? n.get(field).asString() : null;
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        if (n.has(field)) {
            n.get(field).forEach(x -> out.add(x.asString()));
        }
        return out;
    }
}
