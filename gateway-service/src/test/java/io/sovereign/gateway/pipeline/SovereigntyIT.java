package io.sovereign.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise, end to end with stub targets that record what they receive: sensitive data never reaches the
 * external target, whatever the caller asks for and whatever fails.
 */
@GatewayTest
class SovereigntyIT {

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

    static String chat(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You help.\"},"
                + "{\"role\":\"user\",\"content\":\"" + content + "\"},{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":\"and now?\"}]}";
    }

    @Test
    void aCardNumberInAnEarlierTurnStaysOnprem() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("auto", "card 4111 1111 1111 1111"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(r.headers().map().toString()).doesNotContain("4111");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void namingO3MiniDoesNotTakeItOut() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("o3-mini", "my SSN is 123-45-6789"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(onprem.received().get(0).body().get("model").asString()).isEqualTo("gpt-oss-20b");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void onpremFailureIsA503NeverAnExternalFallback() {
        onprem.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("auto", "write to jane.doe@acme-corp.com"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("never sent to an external target").doesNotContain("jane.doe");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void evasionsDoNotWork() {
        for (String evasion : new String[] {
            "card ４１１１ １１１１ １１１１ １１１１",
            "key AKIA\\u200bIOSFODNN7EXAMPLE",
            "jane (at) acme-corp (dot) com",
            "NIGHTJAR launch plan"
        }) {
            HttpResponse<String> r =
                    gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("auto", evasion));
            assertThat(r.headers().firstValue("x-gateway-target")).as(evasion).contains("onprem");
        }
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void sensitiveToolArgumentsCount() {
        String body =
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"pay it\"},{\"role\":\"assistant\",\"content\":null,"
                        + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"pay\",\"arguments\":\"{\\\"iban\\\":\\\"GB82 WEST 1234 5698 7654 32\\\"}\"}}]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"done\"}]}";
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void publicTrafficStillGoesOut() {
        HttpResponse<String> r =
                gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("auto", "rivers of Europe"));
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(hosted.received()).hasSize(1);
    }
}
