package io.sovereign.gateway.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded (memory) store: lookups on the replica that served, bounded by gateway.decisions.max-entries. */
class MemoryDecisionLookupIT {

    static OpenAiStub onprem;
    static OpenAiStub hosted;
    static GatewayHarness gateway;
    static GatewayHarness other;

    @BeforeAll
    static void start() {
        onprem = OpenAiStub.start("onprem");
        hosted = OpenAiStub.start("hosted");
        gateway = GatewayHarness.builder()
                .onprem(onprem)
                .hosted(hosted)
                .property("gateway.decisions.max-entries", 3)
                .start();
        other = GatewayHarness.builder().onprem(onprem).hosted(hosted).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        other.close();
        onprem.close();
        hosted.close();
    }

    @Test
    void theLastDecisionsAreKeptAndOlderOnesDropped() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> chat =
                    gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, DecisionLookupIT.HELLO);
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            ids.add(chat.headers().firstValue("x-request-id").orElseThrow());
            // in order: the next request starts after this one's record is in
            DecisionLookupIT.awaitFound(gateway, "/v1/me/decisions/" + ids.get(i), GatewayHarness.ALICE_KEY);
        }
        HttpResponse<String> dropped = gateway.get("/admin/decisions/" + ids.get(0), GatewayHarness.ADMIN_KEY);
        assertThat(dropped.statusCode()).isEqualTo(404);
        assertThat(dropped.body()).contains("last 3 decisions", "24h");
        for (String id : ids.subList(1, 4)) {
            assertThat(gateway.get("/admin/decisions/" + id, GatewayHarness.ADMIN_KEY)
                            .statusCode())
                    .as(id)
                    .isEqualTo(200);
        }
        // memory is per replica: another gateway without Redis has never heard of it
        assertThat(other.get("/admin/decisions/" + ids.get(3), GatewayHarness.ADMIN_KEY)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void readsAreNotDecisions() {
        HttpResponse<String> models = gateway.get("/v1/models", GatewayHarness.ALICE_KEY);
        String id = models.headers().firstValue("x-request-id").orElseThrow();
        HttpResponse<String> chat =
                gateway.post("/v1/chat/completions", GatewayHarness.BOB_KEY, DecisionLookupIT.HELLO);
        DecisionLookupIT.awaitFound(
                gateway,
                "/v1/me/decisions/" + chat.headers().firstValue("x-request-id").orElseThrow(),
                GatewayHarness.BOB_KEY);
        assertThat(gateway.get("/admin/decisions/" + id, GatewayHarness.ADMIN_KEY)
                        .statusCode())
                .isEqualTo(404);
    }
}
