package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Responses clients' drivers ({@code .ci/check-client-drivers.sh} with {@code CLIENT_APIS=responses}:
 * openai-python, openai-node, the AI SDK, the Agents SDK) against the real gateway, whose targets are a
 * chat-completions upstream that calls the offered tool: every driver's checks pass through the bridge.
 */
class ResponsesClientsIT {

    static ToolCallingUpstream upstream;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        upstream = ToolCallingUpstream.start(null, "{\"city\":\"Paris\"}");
        gateway = GatewayHarness.builder()
                .onpremUrl(upstream.baseUrl())
                .hostedUrl(upstream.baseUrl())
                .chatOnlyTargets() // the upstream speaks chat completions: every driver goes through the bridge
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void everyResponsesDriverPassesThroughTheGateway() throws Exception {
        Path script = GatewayHarness.repoRoot().resolve(".ci/check-client-drivers.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("GATEWAY_URL", gateway.baseUrl());
        pb.environment().put("GATEWAY_KEY", GatewayHarness.ALICE_KEY);
        pb.environment().put("EXPECT_TEXT", ToolCallingUpstream.TEXT);
        pb.environment().put("CLIENT_APIS", "responses");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains(" passed, 0 failed").doesNotContain("FAIL");
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(upstream.received)
                .as("every driver reached the upstream through the bridge")
                .hasSizeGreaterThan(8);
    }
}
