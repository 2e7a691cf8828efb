package io.sovereign.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An opt-in semantic topic through the running gateway: the real MiniLM model, off the event loop. */
@GatewayTest(policy = "semantic-topics.yaml")
class SemanticTopicsIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    static String chat(String content) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @Test
    void aSensitiveTopicStaysHomeAndTheRestGoesOut() {
        HttpResponse<String> merger = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                chat("Draft a memo on the acquisition terms we agreed with Initech before the merger is announced"));
        assertThat(merger.statusCode()).as(merger.body()).isEqualTo(200);
        assertThat(merger.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(merger.headers().firstValue("x-gateway-level")).contains("confidential");
        HttpResponse<String> bread = gateway.post(
                "/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("What is a good recipe for banana bread?"));
        assertThat(bread.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(hosted.received()).hasSize(1);
        assertThat(hosted.received().get(0).body().toString()).contains("banana");
    }

    @Test
    void explainShowsTheBestScoreAndTheExampleItMatched() throws Exception {
        HttpResponse<String> r = gateway.post(
                "/admin/policy/explain",
                GatewayHarness.ADMIN_KEY,
                chat("Draft a memo on the acquisition terms we agreed with Initech before the merger is announced"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        tools.jackson.databind.JsonNode topic =
                OpenAiStub.JSON.readTree(r.body()).path("topics").path("topics");
        assertThat(topic.path("score").asDouble())
                .as(r.body())
                .isGreaterThanOrEqualTo(0.55)
                .isLessThanOrEqualTo(1.0);
        assertThat(topic.path("example").asString())
                .isIn("unannounced merger and acquisition terms", "the purchase price for acquiring the other company");
    }
}
