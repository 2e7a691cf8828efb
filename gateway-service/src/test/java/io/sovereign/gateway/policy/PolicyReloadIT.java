package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Hot reload: a valid edit goes live atomically, a bad one is refused and counted, and the explain endpoint tells why. */
@GatewayTest
class PolicyReloadIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    static final String HELLO =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke.\"}]}";

    @Test
    void validChangesGoLiveAndInvalidOnesAreRefused() throws Exception {
        HttpResponse<String> before = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        String revision =
                before.headers().firstValue("x-gateway-policy-revision").orElseThrow();
        assertThat(before.headers().firstValue("x-gateway-target")).contains("hosted");

        String original = Files.readString(gateway.policyFile());
        // an editor-style atomic replace (write elsewhere, rename over): the directory watch must see it
        var tmp = gateway.dir().resolve("policy.yaml.tmp");
        Files.writeString(tmp, gateway.renderFixture("reload-all-onprem.yaml"));
        Files.move(tmp, gateway.policyFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await(() -> !revision.equals(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO)
                .headers()
                .firstValue("x-gateway-policy-revision")
                .orElse(revision)));
        HttpResponse<String> after = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        assertThat(after.headers().firstValue("x-gateway-target")).contains("onprem");
        String newRevision =
                after.headers().firstValue("x-gateway-policy-revision").orElseThrow();

        Files.writeString(gateway.policyFile(), gateway.renderFixture("reload-unknown-target.yaml"));
        await(() -> metric("gateway_policy_reloads_total", "result=\"failure\"") >= 1);
        HttpResponse<String> stillGood = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        assertThat(stillGood.statusCode()).isEqualTo(200);
        assertThat(stillGood.headers().firstValue("x-gateway-policy-revision")).contains(newRevision);
        assertThat(metric("gateway_policy_revision_info", "revision=\"" + newRevision + "\""))
                .isEqualTo(1.0);
        Files.writeString(gateway.policyFile(), original);
        await(() -> revision.equals(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO)
                .headers()
                .firstValue("x-gateway-policy-revision")
                .orElse("")));
    }

    @Test
    void explainSaysWhyWithoutForwarding() {
        onprem.reset();
        hosted.reset();
        HttpResponse<String> r = gateway.post(
                "/admin/policy/explain?team=legal&user=someone",
                GatewayHarness.ADMIN_KEY,
                "{\"model\":\"o3-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains(
                        "\"rule\":",
                        "\"target\":",
                        "\"level\":\"public\"",
                        "\"team\":\"legal\"",
                        "\"policy_revision\":");
        assertThat(onprem.received()).isEmpty();
        assertThat(hosted.received()).isEmpty();
        HttpResponse<String> notAdmin = gateway.post("/admin/policy/explain", GatewayHarness.ALICE_KEY, "{}");
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(notAdmin.body()).contains("gateway-admin");
    }

    static double metric(String name, String label) {
        String body = gateway.metrics();
        return body.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    static void await(Callable<Boolean> condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(condition);
    }
}
