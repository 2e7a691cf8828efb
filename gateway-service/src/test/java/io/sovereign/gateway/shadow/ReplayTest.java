package io.sovereign.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.testsupport.GatewayHarness;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code policy diff}'s replay of recorded decision facts, line by line, against a candidate. */
class ReplayTest {

    final String liveText = read();
    final Policy live = parse(liveText);

    static String read() {
        try {
            return Files.readString(GatewayHarness.repoRoot().resolve("policies/default.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Policy parse(String text) {
        try {
            return new PolicyParser(name -> null).parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (io.sovereign.gateway.policy.PolicyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An audit line as the RECORD stage writes it for a request the live policy sent to {@code target}. */
    String line(String id, String team, String level, String detectors, String rule, String target, String fallback) {
        return "{\"time\":\"2026-12-02T01:00:00Z\",\"request_id\":\"" + id + "\",\"method\":\"POST\","
                + "\"path\":\"/v1/chat/completions\",\"status\":200,\"user\":\"u-" + id + "\",\"team\":\"" + team
                + "\",\"auth\":\"api_key\",\"groups\":[],\"roles\":[\"gateway-user\"],\"api\":\"chat\","
                + "\"endpoint\":\"chat.completions\",\"requested_model\":\"auto\",\"rule\":\"" + rule
                + "\",\"action\":\"route\",\"level\":\"" + level + "\",\"detectors\":" + detectors + ",\"target\":\""
                + target + "\",\"policy_revision\":\"" + live.revision() + "\",\"classified_level\":\"" + level
                + "\",\"classifier_revision\":\"" + PolicyClassifiers.fingerprint(live)
                + "\",\"inputs\":[\"text\"],\"decided_action\":\"route\",\"decided_target\":\"" + target + "\""
                + (fallback == null ? "" : ",\"decided_fallback\":\"" + fallback + "\"")
                + ",\"input_tokens\":1000000,\"cached_input_tokens\":0,\"output_tokens\":0,\"cost_micro_usd\":"
                + ("hosted".equals(target) ? 1_100_000 : 50_000) + "}";
    }

    Replay.Result replay(Policy candidate, String... lines) throws Exception {
        return Replay.run(new BufferedReader(new StringReader(String.join("\n", lines))), candidate);
    }

    @Test
    void theLivePolicyAgainstItsOwnLogChangesNothing() throws Exception {
        Replay.Result r = replay(
                live,
                line("a", "engineering", "public", "{}", "everything-else", "hosted", "onprem"),
                line("b", "legal", "confidential", "{\"email\":1}", "sensitive-stays-home", "onprem", null));
        assertThat(r.replayed()).isEqualTo(2);
        assertThat(r.report().same()).isEqualTo(2);
        assertThat(r.approximated()).isZero();
        assertThat(r.report()
                        .toJson(null)
                        .path("estimated_cost_delta_micro_usd")
                        .asLong())
                .isZero();
    }

    @Test
    void aCandidateRuleForATeamMovesThatTeamsRequestsAndPricesTheMove() throws Exception {
        Policy candidate = parse(liveText.replace("""
                rules:                               # first match wins
                """, """
                rules:                               # first match wins
                  - name: legal-stays-home
                    when: { teams: [legal] }
                    route: onprem
                """));
        Replay.Result r = replay(
                candidate,
                line("a", "engineering", "public", "{}", "everything-else", "hosted", "onprem"),
                line("b", "legal", "public", "{}", "everything-else", "hosted", "onprem"));
        assertThat(r.report().differing()).isEqualTo(1);
        JsonNode j = r.report().toJson(null);
        JsonNode change = j.path("changes").get(0);
        assertThat(change.path("to").path("rule").asString()).isEqualTo("legal-stays-home");
        assertThat(change.path("to").path("target").asString()).isEqualTo("onprem");
        assertThat(change.path("sample_request_ids").get(0).asString()).isEqualTo("b");
        // a million prompt tokens at $0.05 on-prem instead of the $1.10 it cost on hosted
        assertThat(j.path("estimated_cost_delta_micro_usd").asLong()).isEqualTo(50_000 - 1_100_000);
        assertThat(r.approximated()).isZero(); // same detectors: the recorded classification holds
    }

    @Test
    void malformedLinesAreCountedWithTheirLineNumbersAndOtherLinesAreLeftOut() throws Exception {
        Replay.Result r = replay(
                live,
                "not json at all",
                "{\"time\":\"2026-12-02T01:00:00Z\",\"action\":\"spend.read\",\"path\":\"/admin/spend\"}",
                "",
                line("a", "engineering", "public", "{}", "everything-else", "hosted", "onprem"),
                "{\"request_id\":\"x\",\"classified_level\":\"secret-ish\",\"endpoint\":\"chat.completions\"}",
                "[1,2]");
        assertThat(r.replayed()).isEqualTo(1);
        assertThat(r.notDecisions()).isEqualTo(1);
        assertThat(r.malformed()).isEqualTo(3);
        assertThat(r.problems())
                .containsExactly(
                        "line 1: not a JSON object",
                        "line 5: classified_level: unknown level 'secret-ish'; valid levels: public, internal, confidential, restricted",
                        "line 6: not a JSON object");
    }

    @Test
    void aCandidateWithOtherDetectorsUsesTheShadowsOwnClassificationWhenTheLineHasIt() throws Exception {
        Policy candidate = parse(liveText.replace("terms: [NIGHTJAR]", "terms: [NIGHTJAR, BLUEHERON]"));
        String plain = line("a", "engineering", "public", "{}", "everything-else", "hosted", "onprem");
        String shadowed = plain.substring(0, plain.length() - 1)
                + ",\"shadow_classified_level\":\"confidential\",\"shadow_detectors\":{\"codenames\":1},"
                + "\"shadow_classifier_revision\":\"" + PolicyClassifiers.fingerprint(candidate) + "\"}";
        Replay.Result r = replay(candidate, shadowed, plain.replace("\"a\"", "\"b\""));
        assertThat(r.replayed()).isEqualTo(2);
        assertThat(r.report().differing()).isEqualTo(1);
        assertThat(r.report()
                        .toJson(null)
                        .path("changes")
                        .get(0)
                        .path("to")
                        .path("level")
                        .asString())
                .isEqualTo("confidential");
        // the second line was never classified with the candidate's detectors: replayed as recorded, and said so
        assertThat(r.approximated()).isEqualTo(1);
    }
}
