package io.sovereign.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Pdfs;
import io.sovereign.gateway.testsupport.Stub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where classification runs and what it costs a replica: a 1 MB adversarial body is classified off the event
 * loop (a concurrent health check answers promptly), the user's requests-per-minute is taken before the body
 * is parsed and classified, and an on-prem target that declares it reads files gets the PDF it must keep.
 */
@GatewayTest(policy = "large-bodies.yaml")
class LargeBodyIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    @BeforeEach
    void reset() {
        onprem.reset();
        hosted.reset();
    }

    @Test
    void aTargetThatReadsFilesGetsThePdfItMustKeep() {
        String body =
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"summarise\"},"
                        + "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\""
                        + Pdfs.dataUri(Pdfs.withText("Card on file: 4111 1111 1111 1111")) + "\"}}]}]}";
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).hasSize(1);
        assertThat(onprem.received()
                        .get(0)
                        .body()
                        .at("/messages/0/content/1/file/file_data")
                        .asString())
                .startsWith("data:application/pdf;base64,");
    }

    @Test
    void aOneMegabyteAdversarialBodyDoesNotStallTheReplica() throws Exception {
        // digit groups (the shape that made the phone detector quadratic), a card so it must stay home
        String text = "0012 ".repeat(200_000) + " card 4111 1111 1111 1111";
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        assertThat(body.length()).isGreaterThan(1_000_000);
        // the first health call loads its classes (seconds on a busy machine): not what is measured here
        assertThat(gateway.get("/readyz", null).statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        // HTTP/1.1 on its own connections: the measure is the gateway, not the client's h2c upgrade attempts
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> big = client.sendAsync(
                gateway.request("/v1/chat/completions", GatewayHarness.ALICE_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<Long> healthMillis = new ArrayList<>();
        int duringBig = 0;
        // health checks on the API port, one after another, for as long as the big request runs
        do {
            long h0 = System.nanoTime();
            HttpResponse<String> health = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/readyz"))
                                    .timeout(Duration.ofSeconds(20))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            healthMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - h0));
            assertThat(health.statusCode()).isEqualTo(200);
            if (!big.isDone()) {
                duringBig++;
            }
        } while (!big.isDone() && healthMillis.size() < 10_000);
        HttpResponse<String> r = big.get(60, TimeUnit.SECONDS);
        long bigMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("1 MB adversarial request: " + bigMillis + " ms ("
                + r.headers().firstValue("x-gateway-level").orElse("?") + "); health checks during it: " + duringBig
                + ", slowest "
                + healthMillis.stream().mapToLong(Long::longValue).max().orElse(0) + " ms");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(hosted.received()).isEmpty();
        // a blocked event loop would hold a health check for about as long as the big request runs; the bound is
        // generous (this machine may be shared and slow) and scales with the big request, never below 2 s
        long bound = Math.max(2000, bigMillis / 2);
        assertThat(healthMillis).allSatisfy(ms -> assertThat(ms).isLessThan(bound));
    }

    @Test
    void theRequestQuotaIsTakenBeforeTheBodyIsEvenParsed() {
        String bad = "{not json";
        assertThat(gateway.post("/v1/chat/completions", GatewayHarness.BOB_KEY, bad)
                        .statusCode())
                .isEqualTo(400);
        assertThat(gateway.post("/v1/chat/completions", GatewayHarness.BOB_KEY, bad)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> third = gateway.post("/v1/chat/completions", GatewayHarness.BOB_KEY, bad);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
        assertThat(third.body()).contains("user 'bob' reached 2 requests per minute");
        assertThat(third.headers().firstValue("retry-after")).isPresent();
        assertThat(onprem.received()).isEmpty();
        assertThat(hosted.received()).isEmpty();
    }
}
