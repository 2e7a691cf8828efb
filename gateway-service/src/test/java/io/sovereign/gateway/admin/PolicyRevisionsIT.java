package io.sovereign.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /admin/policy/revisions} after start, a refused edit and a good one (reloads run by hand, not the watcher). */
class PolicyRevisionsIT {

    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .property("gateway.policies.watch", false)
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static JsonNode revisions() {
        HttpResponse<String> r = gateway.get("/admin/policy/revisions", GatewayHarness.ADMIN_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return OpenAiStub.JSON.readTree(r.body());
    }

    @Test
    void eachLoadIsListedWithItsStateAndARefusalWithItsReason() throws Exception {
        PolicyHolder holder = gateway.bean(PolicyHolder.class);
        String first = holder.current().revision();
        JsonNode start = revisions();
        assertThat(start.path("live_revision").asString()).isEqualTo(first);
        assertThat(start.path("revisions")).hasSize(1);
        JsonNode loaded = start.path("revisions").get(0);
        assertThat(loaded.path("revision").asString()).isEqualTo(first);
        assertThat(loaded.path("state").asString()).isEqualTo("live");
        assertThat(loaded.path("source").asString())
                .isEqualTo(gateway.policyFile().toAbsolutePath().normalize().toString());
        assertThat(loaded.path("loaded_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(loaded.path("refusal_reason").isNull()).isTrue();

        String original = Files.readString(gateway.policyFile());
        Files.writeString(gateway.policyFile(), original.replace("route: onprem", "route: onprem-2b"));
        assertThat(holder.reload()).isEqualTo(PolicyHolder.ReloadResult.FAILURE);
        Files.writeString(gateway.policyFile(), original.replace("monthly_usd: 50,", "monthly_usd: 60,"));
        assertThat(holder.reload()).isEqualTo(PolicyHolder.ReloadResult.SUCCESS);
        String second = holder.current().revision();

        JsonNode after = revisions();
        assertThat(after.path("live_revision").asString()).isEqualTo(second).isNotEqualTo(first);
        JsonNode list = after.path("revisions");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).path("state").asString()).isEqualTo("superseded");
        assertThat(list.get(1).path("state").asString()).isEqualTo("refused");
        assertThat(list.get(1).path("revision").asString()).hasSize(12).isNotIn(first, second);
        assertThat(list.get(1).path("refusal_reason").asString()).contains("onprem-2b");
        assertThat(list.get(2).path("state").asString()).isEqualTo("live");
        assertThat(list.get(2).path("revision").asString()).isEqualTo(second);
        HttpResponse<String> models = gateway.get("/v1/models", GatewayHarness.ALICE_KEY);
        assertThat(models.headers().firstValue("x-gateway-policy-revision")).contains(second);
    }

    @Test
    void onlyAdminsReadIt() {
        HttpResponse<String> r = gateway.get("/admin/policy/revisions", GatewayHarness.ALICE_KEY);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("missing_role", "gateway-admin");
    }
}
