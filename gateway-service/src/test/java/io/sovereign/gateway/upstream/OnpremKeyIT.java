package io.sovereign.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The on-prem target's key (ONPREM_API_KEY) reaches local-inference; without one the target stays available. */
class OnpremKeyIT {

    static final String SENSITIVE =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Mail jane.doe@acme-corp.com\"}]}";

    @Test
    @GatewayTest(stubs = GatewayTest.Stubs.ONPREM, onpremKey = "sk-li-secret")
    void theOnpremKeyIsSentAsBearerAndTheCallersCredentialIsNot(
            GatewayHarness gateway, @Stub("onprem") OpenAiStub onprem) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, SENSITIVE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(onprem.received()).isNotEmpty().allSatisfy(req -> assertThat(req.header("authorization"))
                .isEqualTo("Bearer sk-li-secret"));
    }

    @Test
    @GatewayTest(stubs = GatewayTest.Stubs.ONPREM)
    void anEmptyOnpremKeyKeepsTheTargetAvailableAndSendsNoCredential(
            GatewayHarness gateway, @Stub("onprem") OpenAiStub onprem) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, SENSITIVE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(onprem.received()).isNotEmpty().allSatisfy(req -> assertThat(req.header("authorization"))
                .isNull());
    }
}
