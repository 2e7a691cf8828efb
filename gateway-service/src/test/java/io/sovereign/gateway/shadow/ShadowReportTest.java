package io.sovereign.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The shadow report's aggregation, as both the live shadow and {@code policy diff} fill it. */
class ShadowReportTest {

    static final ShadowSide HOSTED = new ShadowSide("everything-else", "hosted", "onprem", "route", "public");
    static final ShadowSide HOSTED_NO_FALLBACK = new ShadowSide("everything-else", "hosted", null, "route", "public");
    static final ShadowSide ONPREM = new ShadowSide("sensitive-stays-home", "onprem", null, "route", "confidential");
    static final ShadowSide DENIED = new ShadowSide("no-legal", null, null, "deny", "public");

    final ShadowReport report = new ShadowReport("cand01", Instant.parse("2026-12-02T01:00:00Z"));

    @Test
    void sameAndDifferingAreCountedAndEachDistinctChangeIsOneEntryMostFrequentFirst() {
        report.add("live01", "r1", HOSTED, HOSTED, 0);
        report.add("live01", "r2", HOSTED, ONPREM, -41);
        report.add("live01", "r3", HOSTED, DENIED, -43);
        report.add("live01", "r4", HOSTED, ONPREM, -41);
        report.add("live01", "r5", ONPREM, ONPREM, 0);

        JsonNode j = report.toJson("ignored");
        assertThat(j.path("live_revision").asString()).isEqualTo("live01");
        assertThat(j.path("candidate_revision").asString()).isEqualTo("cand01");
        assertThat(j.path("since").asString()).isEqualTo("2026-12-02T01:00:00Z");
        assertThat(j.path("requests").asLong()).isEqualTo(5);
        assertThat(j.path("same").asLong()).isEqualTo(2);
        assertThat(j.path("differing").asLong()).isEqualTo(3);
        assertThat(j.path("estimated_cost_delta_micro_usd").asLong()).isEqualTo(-125);
        JsonNode changes = j.path("changes");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).path("count").asLong()).isEqualTo(2);
        assertThat(changes.get(0).path("to").path("target").asString()).isEqualTo("onprem");
        assertThat(changes.get(0).path("from").path("fallback").asString()).isEqualTo("onprem");
        assertThat(changes.get(0).path("sample_request_ids").toString()).isEqualTo("[\"r2\",\"r4\"]");
        assertThat(changes.get(1).path("to").path("action").asString()).isEqualTo("deny");
        assertThat(changes.get(1).path("to").path("target").isNull()).isTrue();
        assertThat(j.has("other_changes")).isFalse();
    }

    @Test
    void aChangeThatDiffersOnlyInTheFallbackIsADifference() {
        report.add("live01", "r1", HOSTED, HOSTED_NO_FALLBACK, 0);
        assertThat(report.differing()).isEqualTo(1);
        assertThat(report.toJson(null)
                        .path("changes")
                        .get(0)
                        .path("to")
                        .path("fallback")
                        .isNull())
                .isTrue();
    }

    @Test
    void sampleIdsAreBoundedButEveryRequestIsCounted() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add("r" + i);
            report.add("live01", "r" + i, HOSTED, ONPREM, 0);
        }
        JsonNode change = report.toJson(null).path("changes").get(0);
        assertThat(change.path("count").asLong()).isEqualTo(12);
        assertThat(change.path("sample_request_ids")).hasSize(ShadowReport.MAX_SAMPLES);
        assertThat(change.path("sample_request_ids").get(0).asString()).isEqualTo(ids.get(0));
    }

    @Test
    void distinctChangesAreBoundedAndTheRestCountedAsOther() {
        for (int i = 0; i < ShadowReport.MAX_CHANGES + 3; i++) {
            report.add("live01", "r" + i, HOSTED, new ShadowSide("rule-" + i, "onprem", null, "route", "public"), 0);
        }
        JsonNode j = report.toJson(null);
        assertThat(j.path("changes")).hasSize(ShadowReport.MAX_CHANGES);
        assertThat(j.path("other_changes").asLong()).isEqualTo(3);
        assertThat(j.path("differing").asLong()).isEqualTo(ShadowReport.MAX_CHANGES + 3);
    }

    @Test
    void anEmptyReportNamesTheCurrentLiveRevisionAndEveryRevisionSeenIsListed() {
        assertThat(report.toJson("live09").path("live_revision").asString()).isEqualTo("live09");
        assertThat(report.toJson("live09").path("requests").asLong()).isZero();
        report.add("live01", "r1", HOSTED, HOSTED, 0);
        report.add("live02", "r2", HOSTED, HOSTED, 0);
        assertThat(report.toJson("live02").path("live_revision").asString()).isEqualTo("live01,live02");
    }

    @Test
    void theCostDeltaCountsOnlyWhatDiffersAtTheCandidatesPrice() throws Exception {
        var policy = new io.sovereign.gateway.policy.PolicyParser(name -> null)
                .parse(java.nio.file.Files.readAllBytes(io.sovereign.gateway.testsupport.GatewayHarness.repoRoot()
                        .resolve("policies/default.yaml")));
        var tokens = new ShadowCost.Tokens(1_000_000, 0, 1_000_000);
        // on-prem: $0.05 + $0.20 per million in and out; live paid $5.50 on hosted
        assertThat(ShadowCost.deltaMicros(HOSTED, ONPREM, policy, tokens, 5_500_000))
                .isEqualTo(250_000 - 5_500_000);
        assertThat(ShadowCost.deltaMicros(HOSTED, HOSTED, policy, tokens, 5_500_000))
                .isZero();
        assertThat(ShadowCost.deltaMicros(HOSTED, DENIED, policy, tokens, 5_500_000))
                .isEqualTo(-5_500_000);
    }
}
