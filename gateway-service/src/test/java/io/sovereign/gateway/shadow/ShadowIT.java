package io.sovereign.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.cli.GatewayCommand;
import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A candidate policy in shadow against live traffic through a running gateway with stub upstreams: the report counts
 * exactly what the candidate would have decided differently, the upstreams see only the live requests, a refused
 * candidate leaves the live policy (and the shadow) alone, removing the file ends the shadow, and replaying the audit
 * log the run wrote ({@code policy diff}) gives the report the live shadow gave.
 */
class ShadowIT {

    static final String CANDIDATE = "gateway.policies.candidate-file={dir}/candidate/candidate.yaml";

    static String chat(String text) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    static final String PLAIN = chat("Tell me a joke about compilers.");
    static final String CODENAME = chat("Summarise the BLUEHERON launch plan.");
    static final String EMAIL = chat("Write to jane.doe@acme-corp.com about it.");

    @Test
    @GatewayTest(properties = CANDIDATE)
    void aCandidateThatAddsACodenameCountsExactlyTheRequestsThatNameIt(
            GatewayHarness gateway, @Stub("onprem") OpenAiStub onprem, @Stub("hosted") OpenAiStub hosted)
            throws Exception {
        HttpResponse<String> none = gateway.get("/admin/policy/shadow", GatewayHarness.ADMIN_KEY);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(404);
        assertThat(json(none).path("error").path("code").asString()).isEqualTo("no_candidate_policy");
        assertThat(json(none).path("error").path("message").asString()).contains("candidate.yaml");

        String live = Files.readString(gateway.policyFile());
        String candidateText = live.replace("terms: [NIGHTJAR]", "terms: [NIGHTJAR, BLUEHERON]");
        assertThat(candidateText).isNotEqualTo(live);
        String revision = writeCandidate(gateway, candidateText);

        List<String> codenameIds = new ArrayList<>();
        long expectedDelta = 0;
        Policy livePolicy = gateway.bean(PolicyHolder.class).current();
        Price onpremPrice = livePolicy.target("onprem").price();
        Price hostedPrice = livePolicy.target("hosted").price();
        for (int i = 0; i < 3; i++) {
            assertServedBy(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, PLAIN), "hosted");
        }
        for (String key : List.of(GatewayHarness.ALICE_KEY, GatewayHarness.BOB_KEY)) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", key, CODENAME);
            assertServedBy(r, "hosted"); // live does not know the codename: it leaves, as the live policy says
            codenameIds.add(r.headers().firstValue("x-request-id").orElseThrow());
            JsonNode usage = json(r).path("usage");
            long in = usage.path("prompt_tokens").asLong();
            long out = usage.path("completion_tokens").asLong();
            expectedDelta += onpremPrice.costMicros(in, 0, out) - hostedPrice.costMicros(in, 0, out);
        }
        assertServedBy(gateway.post("/v1/chat/completions", GatewayHarness.BOB_KEY, EMAIL), "onprem");

        JsonNode report = awaitReport(gateway, 6);
        assertThat(report.path("candidate_revision").asString()).isEqualTo(revision);
        assertThat(report.path("live_revision").asString()).isEqualTo(livePolicy.revision());
        assertThat(report.path("since").asString()).isNotEmpty();
        assertThat(report.path("same").asLong()).isEqualTo(4);
        assertThat(report.path("differing").asLong()).isEqualTo(2);
        assertThat(report.path("changes")).hasSize(1);
        JsonNode change = report.path("changes").get(0);
        assertThat(change.path("from").path("rule").asString()).isEqualTo("everything-else");
        assertThat(change.path("from").path("target").asString()).isEqualTo("hosted");
        assertThat(change.path("from").path("action").asString()).isEqualTo("route");
        assertThat(change.path("from").path("level").asString()).isEqualTo("public");
        assertThat(change.path("to").path("rule").asString()).isEqualTo("sensitive-stays-home");
        assertThat(change.path("to").path("target").asString()).isEqualTo("onprem");
        assertThat(change.path("to").path("action").asString()).isEqualTo("route");
        assertThat(change.path("to").path("level").asString()).isEqualTo("confidential");
        assertThat(change.path("count").asLong()).isEqualTo(2);
        assertThat(strings(change.path("sample_request_ids"))).isEqualTo(new TreeSet<>(codenameIds));
        assertThat(report.path("estimated_cost_delta_micro_usd").asLong())
                .isEqualTo(expectedDelta)
                .isNegative();

        // nothing was forwarded for the candidate: the stubs saw exactly the six live requests
        assertThat(hosted.received()).hasSize(5);
        assertThat(onprem.received()).hasSize(1);
        assertThat(gateway.metrics())
                .contains("gateway_shadow_decisions_total{application=\"gateway\",result=\"differs\"} 2.0")
                .contains("gateway_shadow_decisions_total{application=\"gateway\",result=\"same\"} 4.0");

        // the audit line carries the shadow's answer, and the candidate's own classification (its detectors differ)
        Path audit = gateway.dir().resolve("audit.jsonl");
        JsonNode line = awaitAuditLine(audit, codenameIds.get(0));
        assertThat(line.path("shadow_revision").asString()).isEqualTo(revision);
        assertThat(line.path("shadow_differs").asBoolean()).isTrue();
        assertThat(line.path("shadow_rule").asString()).isEqualTo("sensitive-stays-home");
        assertThat(line.path("shadow_target").asString()).isEqualTo("onprem");
        assertThat(line.path("shadow_action").asString()).isEqualTo("route");
        assertThat(line.path("shadow_classified_level").asString()).isEqualTo("confidential");
        assertThat(line.path("shadow_detectors").path("codenames").asInt()).isEqualTo(1);
        assertThat(line.path("decided_target").asString()).isEqualTo("hosted");
        assertThat(line.path("classified_level").asString()).isEqualTo("public");
        assertThat(line.toString()).doesNotContain("BLUEHERON").doesNotContain("compilers");

        assertThat(gateway.get("/admin/policy/shadow", GatewayHarness.ALICE_KEY).statusCode())
                .isEqualTo(403);
        assertThat(revisions(gateway)).anySatisfy(r -> {
            assertThat(r.path("revision").asString()).isEqualTo(revision);
            assertThat(r.path("state").asString()).isEqualTo("candidate");
        });

        assertReplayEquals(audit, gateway.dir().resolve("candidate/candidate.yaml"), report, 6);
    }

    @Test
    @GatewayTest(properties = CANDIDATE)
    void aCandidateThatDropsTheHostedFallbackThenAnInvalidOneThenNone(
            GatewayHarness gateway, @Stub("onprem") OpenAiStub onprem, @Stub("hosted") OpenAiStub hosted)
            throws Exception {
        String live = Files.readString(gateway.policyFile());
        String noFallback = live.replace("    fallback: onprem ", "    # no fallback ");
        assertThat(noFallback).isNotEqualTo(live);
        String revision = writeCandidate(gateway, noFallback);
        Path candidateFile = gateway.dir().resolve("candidate/candidate.yaml");
        Path safeCopy = gateway.dir().resolve("no-fallback.yaml");
        Files.writeString(safeCopy, noFallback);

        for (int i = 0; i < 3; i++) {
            assertServedBy(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, PLAIN), "hosted");
        }
        assertServedBy(gateway.post("/v1/chat/completions", GatewayHarness.BOB_KEY, EMAIL), "onprem");
        JsonNode report = awaitReport(gateway, 4);
        assertThat(report.path("candidate_revision").asString()).isEqualTo(revision);
        assertThat(report.path("same").asLong()).isEqualTo(1);
        assertThat(report.path("differing").asLong()).isEqualTo(3);
        JsonNode change = report.path("changes").get(0);
        assertThat(report.path("changes")).hasSize(1);
        assertThat(change.path("from").path("fallback").asString()).isEqualTo("onprem");
        assertThat(change.path("to").path("fallback").isNull()).isTrue();
        assertThat(change.path("to").path("target").asString()).isEqualTo("hosted");
        assertThat(change.path("count").asLong()).isEqualTo(3);
        assertThat(change.path("sample_request_ids")).hasSize(3);
        assertThat(report.path("estimated_cost_delta_micro_usd").asLong()).isZero(); // same target, same price

        // a candidate that could send confidential data out is refused at load, like a live policy would be
        String leaky = live.replace(
                "when: { level_at_least: confidential }\n    route: onprem",
                "when: { level_at_least: confidential }\n    route: hosted");
        assertThat(leaky).isNotEqualTo(live);
        Files.writeString(candidateFile, leaky);
        String leakyRevision = revisionOf(leaky);
        JsonNode refused = Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(
                        () -> revisions(gateway).stream()
                                .filter(r ->
                                        leakyRevision.equals(r.path("revision").asString()))
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
        assertThat(refused.path("state").asString()).isEqualTo("refused");
        assertThat(refused.path("source").asString()).endsWith("candidate.yaml");
        assertThat(refused.path("refusal_reason").asString())
                .contains("rules[0]")
                .contains("above the external ceiling");
        // the live policy is untouched and the last good candidate stays in shadow
        assertThat(gateway.bean(PolicyHolder.class).current().revision()).isEqualTo(revisionOf(live));
        assertServedBy(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, PLAIN), "hosted");
        JsonNode after = awaitReport(gateway, 5);
        assertThat(after.path("candidate_revision").asString()).isEqualTo(revision);
        assertThat(after.path("differing").asLong()).isEqualTo(4);
        assertThat(hosted.received()).hasSize(4);
        assertThat(onprem.received()).hasSize(1);

        assertReplayEquals(gateway.dir().resolve("audit.jsonl"), safeCopy, after, 5);

        // removing the file ends the shadow; the candidate's revision is superseded
        Files.delete(candidateFile);
        HttpResponse<String> ended = Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> gateway.get("/admin/policy/shadow", GatewayHarness.ADMIN_KEY), r -> r.statusCode() == 404);
        assertThat(json(ended).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(ended).path("error").path("message").asString()).contains("no candidate policy file");
        assertThat(revisions(gateway)).anySatisfy(r -> {
            assertThat(r.path("revision").asString()).isEqualTo(revision);
            assertThat(r.path("state").asString()).isEqualTo("superseded");
        });
    }

    /** The offline replay of the audit log gives the live shadow's counts, changes and cost delta. */
    static void assertReplayEquals(Path audit, Path candidate, JsonNode live, long requests) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = GatewayCommand.run(
                new String[] {"policy", "diff", "--audit", audit.toString(), candidate.toString()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isZero();
        ObjectNode replayed = (ObjectNode) OpenAiStub.JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(replayed.path("replay").path("lines_replayed").asLong()).isEqualTo(requests);
        assertThat(replayed.path("replay").path("lines_malformed").asLong()).isZero();
        assertThat(replayed.path("replay").path("approximated").asLong()).isZero();
        for (String field : List.of(
                "live_revision",
                "candidate_revision",
                "requests",
                "same",
                "differing",
                "changes",
                "estimated_cost_delta_micro_usd")) {
            assertThat(replayed.path(field)).as(field + "\n" + stderr).isEqualTo(live.path(field));
        }
    }

    static String writeCandidate(GatewayHarness gateway, String text) throws Exception {
        Path file = gateway.dir().resolve("candidate/candidate.yaml");
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("candidate.yaml.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        String revision = revisionOf(text);
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(
                        () -> gateway.get("/admin/policy/shadow", GatewayHarness.ADMIN_KEY),
                        r -> r.statusCode() == 200
                                && revision.equals(
                                        json(r).path("candidate_revision").asString()));
        return revision;
    }

    static JsonNode awaitReport(GatewayHarness gateway, long requests) {
        HttpResponse<String> r = Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> gateway.get("/admin/policy/shadow", GatewayHarness.ADMIN_KEY),
                        x -> x.statusCode() == 200 && json(x).path("requests").asLong() >= requests);
        JsonNode report = json(r);
        assertThat(report.path("requests").asLong()).isEqualTo(requests);
        return report;
    }

    static JsonNode awaitAuditLine(Path audit, String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> auditLine(audit, id), l -> l != null);
    }

    static JsonNode auditLine(Path audit, String id) throws Exception {
        if (!Files.exists(audit)) {
            return null;
        }
        return Files.readAllLines(audit).stream()
                .filter(l -> l.contains("\"request_id\":\"" + id + "\""))
                .findFirst()
                .map(OpenAiStub.JSON::readTree)
                .orElse(null);
    }

    static List<JsonNode> revisions(GatewayHarness gateway) {
        HttpResponse<String> r = gateway.get("/admin/policy/revisions", GatewayHarness.ADMIN_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        json(r).path("revisions").forEach(out::add);
        return out;
    }

    static void assertServedBy(HttpResponse<String> r, String target) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains(target);
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asString()));
        return out;
    }

    static String revisionOf(String text) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash).substring(0, 12);
    }

    static JsonNode json(HttpResponse<String> r) {
        return OpenAiStub.JSON.readTree(r.body());
    }
}
