package io.sovereign.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.ConfigureGateway;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Metrics stay bounded however many users call, and every request leaves one audit line without prompt text or keys. */
@GatewayTest(policy = "no-quotas-no-budgets.yaml")
class MetricsAndAuditIT {

    static final int USERS = 1000;

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    @ConfigureGateway
    static void keys(GatewayHarness.Builder b) {
        for (int i = 0; i < USERS; i++) {
            b.key("sk-user-" + i, "user-" + i, i % 2 == 0 ? "engineering" : "legal");
        }
    }

    static final String PUBLIC =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers in Europe.\"}]}";
    static final String SENSITIVE =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Mail jane.doe@acme-corp.com now\"}]}";

    static List<String> gatewaySeries() {
        return gateway.metrics()
                .lines()
                .filter(l -> l.startsWith("gateway_") && !l.startsWith("gateway_budget_"))
                .map(l -> l.substring(0, l.lastIndexOf(' ')))
                .toList();
    }

    static void callAs(int from, int to) {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = from; i < to; i++) {
            inFlight.acquireUninterruptibly();
            HttpRequest req = gateway.request("/v1/chat/completions", "sk-user-" + i)
                    .header("Content-Type", "application/json")
                    .header("x-request-id", "req-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(i % 3 == 0 ? SENSITIVE : PUBLIC))
                    .build();
            calls.add(GatewayHarness.http()
                    .sendAsync(req, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release()));
        }
        calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(200));
    }

    @Test
    void aThousandDistinctUsersAddNoSeries() {
        callAs(0, 12);
        List<String> before = gatewaySeries();
        callAs(12, USERS);
        List<String> after = gatewaySeries();
        assertThat(after).hasSameSizeAs(before).containsExactlyInAnyOrderElementsOf(before);
        String exposition = gateway.metrics();
        assertThat(exposition).doesNotContain("user-5", "req-5", "jane.doe");
        assertThat(exposition)
                .contains(
                        "gateway_requests_total{",
                        "team=\"legal\"",
                        "gateway_cost_micro_usd_total{",
                        "gateway_alternative_cost_micro_usd_total{",
                        "gateway_request_duration_seconds_bucket{",
                        "gateway_detector_hits_total{",
                        "gateway_decisions_total{");
    }

    @Test
    void everyRequestLeavesOneAuditLineWithoutPromptOrKey() throws Exception {
        HttpResponse<String> r = gateway.send(gateway.request("/v1/chat/completions", "sk-user-3")
                .header("Content-Type", "application/json")
                .header("x-request-id", "audit-probe-1")
                .POST(HttpRequest.BodyPublishers.ofString(SENSITIVE))
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        Path file = gateway.dir().resolve("audit.jsonl");
        // the audit appender is asynchronous
        JsonNode line = Awaitility.await("audit line for the probe request")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> Files.exists(file)
                                ? Files.readAllLines(file).stream()
                                        .filter(l -> l.contains("\"audit-probe-1\""))
                                        .map(OpenAiStub.JSON::readTree)
                                        .findFirst()
                                        .orElse(null)
                                : null,
                        Objects::nonNull);
        for (String field : List.of(
                "time",
                "request_id",
                "user",
                "team",
                "rule",
                "level",
                "detectors",
                "target",
                "model",
                "input_tokens",
                "output_tokens",
                "cost_micro_usd",
                "latency_ms",
                "status",
                "policy_revision")) {
            assertThat(line.has(field)).as(field).isTrue();
        }
        assertThat(line.get("client_request_id").asString()).isEqualTo("audit-probe-1");
        assertThat(line.get("request_id").asString())
                .isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(line.get("user").asString()).isEqualTo("user-3");
        assertThat(line.get("team").asString()).isEqualTo("legal");
        assertThat(line.get("target").asString()).isEqualTo("onprem");
        assertThat(line.get("detectors").get("email").asInt()).isEqualTo(1);
        assertThat(line.get("cost_micro_usd").asLong()).isPositive();
        String all = Files.readString(file);
        assertThat(all).doesNotContain("jane.doe", "Name three rivers", "sk-user-", GatewayHarness.HOSTED_KEY);
    }
}
