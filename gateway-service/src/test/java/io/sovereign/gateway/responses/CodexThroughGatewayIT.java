package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Codex CLI ({@code codex exec}, Responses wire API only, {@code store: false}, its default model name aliased to
 * {@code auto} by the shipped policy) through the real gateway with chat-completions stub targets: a turn with a
 * tool call completes on the hosted target, and the same turn with a payment card in the prompt reaches only the
 * on-prem one.
 */
class CodexThroughGatewayIT {

    static ToolCallingUpstream onprem;
    static ToolCallingUpstream hosted;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        onprem = ToolCallingUpstream.start("exec_command", "{\"cmd\":\"echo hi-from-gateway\"}");
        hosted = ToolCallingUpstream.start("exec_command", "{\"cmd\":\"echo hi-from-gateway\"}");
        gateway = GatewayHarness.builder()
                .onpremUrl(onprem.baseUrl())
                .hostedUrl(hosted.baseUrl())
                .chatOnlyTargets() // the stubs speak chat completions: Codex's turns go through the bridge
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        onprem.close();
        hosted.close();
    }

    @BeforeEach
    void reset() {
        onprem.received.clear();
        hosted.received.clear();
    }

    private static String codex(Path tmp, String prompt) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/.codex"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(
                home.resolve("config.toml"),
                "model_provider = \"gateway\"\n[model_providers.gateway]\nname = \"gateway\"\n" + "base_url = \""
                        + gateway.baseUrl() + "/v1\"\nenv_key = \"GATEWAY_KEY\"\nwire_api = \"responses\"\n");
        ProcessBuilder pb = new ProcessBuilder(
                        RealClientsIT.client("CODEX_BIN"), "exec", "--skip-git-repo-check", prompt)
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI") || k.startsWith("CODEX"));
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("GATEWAY_KEY", GatewayHarness.ALICE_KEY);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** The function_call_output Codex sent back with the second request, as the upstream got it (a tool message). */
    private static String toolResult(ToolCallingUpstream upstream) {
        JsonNode messages = upstream.received.get(1).path("messages");
        return messages.get(messages.size() - 1).toString();
    }

    @Test
    void aTurnWithAToolCallCompletesThroughTheGateway(@TempDir Path tmp) throws Exception {
        String out = codex(tmp, "Use the tool, then report.");
        assertThat(out).contains(ToolCallingUpstream.TEXT);
        assertThat(hosted.received).as("one request per step, no retries").hasSize(2);
        assertThat(onprem.received).isEmpty();
        assertThat(toolResult(hosted)).contains("tool", "hi-from-gateway");
    }

    @Test
    void theSameTurnWithAPaymentCardReachesOnlyTheOnpremTarget(@TempDir Path tmp) throws Exception {
        String out = codex(tmp, "Use the tool, then report. The customer's card is 4111 1111 1111 1111.");
        assertThat(out).contains(ToolCallingUpstream.TEXT);
        assertThat(hosted.received).isEmpty();
        assertThat(onprem.received).hasSize(2);
        assertThat(onprem.received.get(0).path("messages").toString()).contains("4111 1111 1111 1111");
    }
}
