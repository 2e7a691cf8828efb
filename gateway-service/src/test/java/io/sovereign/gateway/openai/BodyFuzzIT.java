package io.sovereign.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of valid chat and embeddings bodies (values swapped for odd ones, bytes flipped, cut short,
 * nested deep): whatever the gateway is sent, it answers a 2xx (the body was still valid) or a 4xx with the
 * OpenAI error body, never a 5xx. The seed is printed with every failure, so a failure replays exactly.
 */
@GatewayTest(stubs = GatewayTest.Stubs.SHARED, policy = "no-quotas.yaml")
class BodyFuzzIT {

    static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    static final int CASES = Integer.getInteger("fuzz.cases", 400);

    @Stub("upstream")
    static OpenAiStub upstream;

    static GatewayHarness gateway;

    static final String CHAT = "{\"model\":\"auto\",\"max_tokens\":20,\"temperature\":0.5,\"n\":1,\"stream\":false,"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Name a river.\"}]}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}],\"metadata\":{\"k\":\"v\"}}";
    static final String EMBED = "{\"model\":\"auto\",\"input\":[\"one\",\"two\"]}";
    static final String EMBED_TOKENS = "{\"model\":\"auto\",\"input\":[[1,2,3],[4,5]]}";

    /** Odd values a mutation may put anywhere. */
    static final String[] ODD = {
        "123456789012345678901234567890",
        "-123456789012345678901234567890",
        "9223372036854775807",
        "-1",
        "0",
        "-0",
        "1e400",
        "-1e400",
        "1.5",
        "null",
        "true",
        "\"\"",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "[]",
        "{}",
        "[[]]",
        "[null]",
        "[99999999]",
        "[-5]",
        "[1.5]",
        "[\"a\",1]",
        "[[1],[\"b\"]]",
        "{\"role\":\"user\"}",
        "\"x\"",
        "[{}]",
        "[{\"type\":7}]",
        "{\"include_usage\":\"yes\"}",
    };

    @Test
    void everyMutatedBodyGetsA2xxOrAnOpenAi4xxNeverA5xx() {
        Random random = new Random(SEED);
        record Case(int index, String path, byte[] body) {}
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            int kind = random.nextInt(3);
            String base = kind == 0 ? CHAT : kind == 1 ? EMBED : EMBED_TOKENS;
            String path = kind == 0 ? "/v1/chat/completions" : "/v1/embeddings";
            cases.add(new Case(i, path, mutate(base, random)));
        }
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<String>> failures = new ArrayList<>();
        for (Case c : cases) {
            inFlight.acquireUninterruptibly();
            HttpRequest req = gateway.request(c.path(), GatewayHarness.ALICE_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                    .build();
            failures.add(GatewayHarness.http()
                    .sendAsync(req, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release())
                    .thenApply(r -> verdict(r, c.index(), c.path(), c.body())));
        }
        List<String> bad = failures.stream()
                .map(CompletableFuture::join)
                .filter(v -> v != null)
                .toList();
        assertThat(bad)
                .as("seed " + SEED + ": responses that were not 2xx or an OpenAI 4xx")
                .isEmpty();
    }

    static String verdict(HttpResponse<String> r, int index, String path, byte[] body) {
        int status = r.statusCode();
        if (status / 100 == 2) {
            return null;
        }
        String what = "case " + index + " " + path + " "
                + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8) + " -> " + status + " "
                + r.body();
        if (status / 100 != 4) {
            return what;
        }
        try {
            JsonNode error = OpenAiStub.JSON.readTree(r.body()).get("error");
            return error != null
                            && error.get("message").isString()
                            && error.get("type").isString()
                    ? null
                    : what;
        } catch (RuntimeException e) {
            return what;
        }
    }

    static byte[] mutate(String base, Random random) {
        int how = random.nextInt(6);
        return switch (how) {
            case 0, 1 -> replaceValue(base, random).getBytes(StandardCharsets.UTF_8);
            case 2 -> flipBytes(base.getBytes(StandardCharsets.UTF_8), random);
            case 3 -> base.substring(0, random.nextInt(base.length())).getBytes(StandardCharsets.UTF_8);
            case 4 -> deep(random).getBytes(StandardCharsets.UTF_8);
            default -> replaceValue(replaceValue(base, random), random).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Swaps one value somewhere in the tree (or adds a field) for an odd one. */
    static String replaceValue(String json, Random random) {
        JsonNode root;
        try {
            root = OpenAiStub.JSON.readTree(json);
        } catch (RuntimeException e) {
            return json;
        }
        List<Map.Entry<JsonNode, Object>> slots = new ArrayList<>();
        collect(root, slots);
        Map.Entry<JsonNode, Object> slot = slots.get(random.nextInt(slots.size()));
        String odd = ODD[random.nextInt(ODD.length)];
        String marker = "\"__fuzz_" + random.nextInt(1_000_000) + "__\"";
        if (slot.getKey() instanceof ObjectNode o) {
            o.put((String) slot.getValue(), marker.substring(1, marker.length() - 1));
        } else {
            ((ArrayNode) slot.getKey()).set((Integer) slot.getValue(), marker.substring(1, marker.length() - 1));
        }
        return root.toString().replace(marker, odd);
    }

    static void collect(JsonNode node, List<Map.Entry<JsonNode, Object>> slots) {
        if (node instanceof ObjectNode o) {
            for (String name : o.propertyNames()) {
                slots.add(Map.entry(o, name));
                collect(o.get(name), slots);
            }
            slots.add(Map.entry(o, "n")); // also: add (or overwrite) a field the gateway acts on
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(Map.entry(a, i));
                collect(a.get(i), slots);
            }
        }
    }

    static byte[] flipBytes(byte[] bytes, Random random) {
        byte[] out = bytes.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    static String deep(Random random) {
        int depth = 100 + random.nextInt(2000);
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}";
    }
}
