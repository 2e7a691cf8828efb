package io.sovereign.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metrics and health details only on the management port; the API port has /v1, /admin and the bare probes. */
@GatewayTest(stubs = GatewayTest.Stubs.ONPREM, hostedKey = "")
class ManagementPortIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    static GatewayHarness gateway;

    @BeforeAll
    static void oneRequest() {
        assertThat(gateway.post(
                                "/v1/chat/completions",
                                GatewayHarness.ALICE_KEY,
                                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> management(String path) {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + path))
                .GET()
                .build());
    }

    @Test
    void thePortsDiffer() {
        assertThat(gateway.managementPort()).isNotEqualTo(gateway.port());
    }

    @Test
    void prometheusIsNotOnTheApiPortWithOrWithoutAKey() {
        for (String key : new String[] {null, GatewayHarness.ALICE_KEY, GatewayHarness.ADMIN_KEY}) {
            HttpResponse<String> r = gateway.get("/actuator/prometheus", key);
            assertThat(r.statusCode()).as("key %s", key).isEqualTo(404);
            assertThat(r.body())
                    .doesNotContain("gateway_requests_total", "team=")
                    .contains("management port");
        }
        assertThat(gateway.get("/actuator/health", GatewayHarness.ADMIN_KEY).body())
                .doesNotContain("components");
    }

    @Test
    void prometheusAnswersOnTheManagementPort() {
        HttpResponse<String> r = management("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("gateway_requests_total{", "team=\"engineering\"");
        assertThat(gateway.metrics()).contains("gateway_requests_total{");
    }

    @Test
    void healthDetailsOnlyOnTheManagementPort() {
        HttpResponse<String> details = management("/actuator/health");
        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(details.body()).contains("\"components\"", "\"readinessState\"");
    }

    @Test
    void theApiPortAnswersLivenessAndReadinessWithStatusOnly() {
        for (String probe : new String[] {"/livez", "/readyz"}) {
            HttpResponse<String> r = gateway.get(probe, null);
            assertThat(r.statusCode()).as(probe).isEqualTo(200);
            assertThat(r.body()).as(probe).contains("\"status\":\"UP\"").doesNotContain("components", "details");
        }
    }
}
