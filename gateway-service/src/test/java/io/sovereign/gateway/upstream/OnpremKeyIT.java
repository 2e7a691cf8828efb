package io.sovereign.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;

/** The on-prem target's key (ONPREM_API_KEY) reaches local-inference; without one the target stays available. */
class OnpremKeyIT {

    static final String SENSITIVE = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Mail jane.doe@acme-corp.com\"}]}";

    @Test
    void theOnpremKeyIsSentAsBearerAndTheCallersCredentialIsNot() {
        try (OpenAiStub onprem = OpenAiStub.start("onprem");
             GatewayHarness gateway = GatewayHarness.builder().onprem(onprem).onpremKey("sk-li-secret").start()) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, SENSITIVE);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
            assertThat(onprem.received()).isNotEmpty().allSatisfy(req ->
                    assertThat(req.header("authorization")).isEqualTo("Bearer sk-li-secret"));
        }
    }

    @Test
    void anEmptyOnpremKeyKeepsTheTargetAvailableAndSendsNoCredential() {
        try (OpenAiStub onprem = OpenAiStub.start("onprem");
             GatewayHarness gateway = GatewayHarness.builder().onprem(onprem).start()) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, SENSITIVE);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(onprem.received()).isNotEmpty().allSatisfy(req -> assertThat(req.header("authorization")).isNull());
        }
    }
}
