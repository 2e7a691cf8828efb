package io.sovereign.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sovereign.gateway.testsupport.GatewayHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real Anthropic clients against the real gateway, in front of two chat-completions targets
 * ({@link ChatTargetStub}): Claude Code in print mode, the {@code anthropic} Python SDK and {@code @anthropic-ai/sdk}
 * (installed offline by {@code .ci/install-anthropic-clients.sh}, cached under {@code ~/.cache}). Claude Code
 * silently retries a failed stream with {@code stream: false}, so each of its turns also asserts that every request
 * the targets saw was streamed and that there were no more requests than model calls.
 */
class AnthropicClientsIT {

    static ChatTargetStub onprem;
    static ChatTargetStub hosted;
    static GatewayHarness gateway;
    static Map<String, String> clients;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        clients = install();
        onprem = new ChatTargetStub("onprem");
        hosted = new ChatTargetStub("hosted").tool("get_weather", "Weather", "{\"city\":\"Paris\"}");
        gateway = GatewayHarness.builder()
                .onpremUrl(onprem.baseUrl())
                .hostedUrl(hosted.baseUrl())
                .property("gateway.limits.max-body-size", "1MB")
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
        onprem.reset();
        hosted.reset();
    }

    /** The clients' paths from the (idempotent, cached) install script. */
    static Map<String, String> install() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "bash",
                        GatewayHarness.repoRoot()
                                .resolve(".ci/install-anthropic-clients.sh")
                                .toString(),
                        "--env")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, String> env = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring(7).split("=", 2);
                env.put(kv[0], kv[1].replaceAll("^'|'$", ""));
            }
        }
        assertThat(env).containsKeys("CLAUDE_BIN", "ANTHROPIC_NODE_MODULES", "ANTHROPIC_PYTHON");
        return env;
    }

    record Run(int exit, String out) {}

    static Run run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@code claude -p PROMPT --output-format json}, as a user sets it up: temp HOME, base URL, a gateway key. */
    JsonNode claude(String prompt) throws IOException, InterruptedException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("hello.txt"), "hello-file-content\n");
        Run r = run(
                work,
                Map.of(
                        "HOME",
                        home.toString(),
                        "ANTHROPIC_BASE_URL",
                        gateway.baseUrl(),
                        "ANTHROPIC_AUTH_TOKEN",
                        GatewayHarness.ALICE_KEY,
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                        "1"),
                List.of(clients.get("CLAUDE_BIN"), "-p", prompt, "--output-format", "json"));
        assertThat(r.exit()).as(r.out()).isZero();
        JsonNode result = Json.LENIENT.readTree(r.out().substring(r.out().indexOf('{')));
        assertThat(result.path("is_error").asBoolean(true)).as(r.out()).isFalse();
        return result;
    }

    static void allStreamed(List<JsonNode> requests) {
        assertThat(requests).allSatisfy(b -> assertThat(b.path("stream").asBoolean())
                .as("streamed, not the stream:false retry")
                .isTrue());
    }

    static List<String> audit() throws IOException {
        Path file = gateway.dir().resolve("audit.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void claudeCodeCompletesAPlainTurnStreamedThroughTheHostedTarget() throws Exception {
        int before = audit().size();
        JsonNode result = claude("Say hello");
        // everything Claude Code sent the gateway (non-essential traffic off): one streamed POST /v1/messages?beta=true
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(audit().size()).isGreaterThan(before));
        List<String> sent = audit().subList(before, audit().size());
        assertThat(sent).hasSize(1).allSatisfy(line -> {
            JsonNode l = Json.LENIENT.readTree(line);
            assertThat(l.path("method").asString() + " " + l.path("path").asString())
                    .isEqualTo("POST /v1/messages");
            assertThat(l.path("status").asInt()).isEqualTo(200);
            assertThat(l.path("stream").asBoolean()).isTrue();
            assertThat(l.path("auth").asString()).as(line).isNotEmpty();
            assertThat(l.path("requested_model").asString()).as(line).startsWith("claude-");
            assertThat(l.path("level").asString()).isEqualTo("public");
        });
        assertThat(result.path("result").asString()).isEqualTo(ChatTargetStub.ANSWER);
        assertThat(result.path("num_turns").asInt()).isEqualTo(1);
        assertThat(hosted.received()).hasSize(1);
        allStreamed(hosted.received());
        assertThat(onprem.received()).isEmpty();
        // Claude Code's default model name resolved through the policy's alias to auto, then to the target's model
        assertThat(hosted.received().get(0).path("model").asString()).isEqualTo("o3-mini");
    }

    @Test
    void claudeCodeRunsAToolAndSendsItsResultBack() throws Exception {
        hosted.tool("Read", "hello.txt", "{\"file_path\":\"" + tmp.resolve("work/hello.txt") + "\"}");
        JsonNode result = claude("Read hello.txt");
        assertThat(result.path("result").asString()).isEqualTo(ChatTargetStub.ANSWER);
        assertThat(result.path("num_turns").asInt()).isEqualTo(2);
        assertThat(hosted.received()).hasSize(2);
        allStreamed(hosted.received());
        JsonNode second = hosted.received().get(1).path("messages");
        assertThat(second.toString()).contains("\"role\":\"tool\"").contains("hello-file-content");
    }

    @Test
    void claudeCodesTurnWithAPaymentCardReachesOnlyTheOnPremTarget() throws Exception {
        JsonNode result = claude("Is 4111 1111 1111 1111 a valid card number?");
        assertThat(result.path("result").asString()).isEqualTo(ChatTargetStub.ANSWER);
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).hasSize(1);
        allStreamed(onprem.received());
    }

    Run driver(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(env);
        all.put("GATEWAY_URL", gateway.baseUrl());
        all.put("GATEWAY_KEY", GatewayHarness.ALICE_KEY);
        all.put("EXPECT_TEXT", ChatTargetStub.ANSWER);
        all.put("MODEL", "claude-haiku-4-5");
        all.put("HOME", tmp.toString());
        Path drivers = GatewayHarness.repoRoot().resolve("gateway-service/src/test/resources/clients");
        return run(drivers, all, List.of(command));
    }

    @Test
    void thePythonSdkCreatesStreamsCallsToolsCountsAndReadsErrors() throws Exception {
        Run r = driver(
                Map.of("ERROR_CHECKS", "invalid,auth,model,too_large"),
                clients.get("ANTHROPIC_PYTHON"),
                "-W",
                "ignore",
                "anthropic_python.py");
        assertThat(r.out())
                .as(r.out())
                .doesNotContain("FAIL ")
                .contains(
                        "ok   anthropic plain",
                        "ok   anthropic stream",
                        "ok   anthropic tool_use",
                        "ok   anthropic tool_use streamed",
                        "ok   anthropic tool_result follow-up",
                        "ok   anthropic count_tokens",
                        "ok   anthropic error invalid",
                        "ok   anthropic error auth",
                        "ok   anthropic error model",
                        "ok   anthropic error too_large");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void theNodeSdkStreams() throws Exception {
        Run r = driver(Map.of("NODE_PATH", clients.get("ANTHROPIC_NODE_MODULES")), "node", "anthropic_node.mjs");
        assertThat(r.out()).as(r.out()).doesNotContain("FAIL ").contains("ok   node messages stream");
        assertThat(r.exit()).as(r.out()).isZero();
        allStreamed(hosted.received());
    }
}
