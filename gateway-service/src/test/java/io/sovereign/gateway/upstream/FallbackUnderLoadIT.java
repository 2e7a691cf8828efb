package io.sovereign.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Many requests falling back at once, each of which must get the whole fallback answer and one Content-Length.
 * A regression guard for the fallback race seen in CI (the fallback's headers, then no body): this test did not
 * reproduce that race on demand before the fix (AttemptExchange), so it guards, it does not prove.
 */
class FallbackUnderLoadIT {

    static final int PER_CALLER = 20;

    @Test
    @GatewayTest(hostedOSeries = true, properties = "gateway.upstream.first-byte-timeout=5s")
    void everyConcurrentFallbackGetsTheWholeAnswer(
            GatewayHarness gateway, @Stub("onprem") OpenAiStub onprem, @Stub("hosted") OpenAiStub hosted)
            throws Exception {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < PER_CALLER; i++) {
            for (String key : List.of(GatewayHarness.ALICE_KEY, GatewayHarness.BOB_KEY)) {
                calls.add(GatewayHarness.http()
                        .sendAsync(
                                gateway.request("/v1/chat/completions", key)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
                                                        + "\"content\":\"Name three rivers in Europe, take " + i
                                                        + ".\"}]}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
            }
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("Hello from onprem").endsWith("}");
            assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
            assertThat(r.headers().allValues("content-length")).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(onprem.received()).hasSize(2 * PER_CALLER);
    }
}
