package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real Codex CLI 0.169.0 ({@code codex exec}, installed by .ci/install-clients.sh) against a loopback
 * stand-in that does what the bridge will do: translate each Responses request to chat, answer with
 * scripted chat chunks, and stream them back through {@link ChatToResponsesStream}. The turn completes
 * only if Codex accepts the events, runs the tool, and replays our items with its tool output.
 */
class CodexStreamIT {

    private HttpServer server;
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("gpt-5-codex", "exec_command", "{\"cmd\":\"echo hi-from-bridge\"}", "function_call", null, "hi-from-bridge"),
                Arguments.of("", "collaboration__list_agents", "{}", "function_call", "collaboration", "agent_name"));
    }

    @ParameterizedTest(name = "model {0}, tool {1}")
    @MethodSource("scenarios")
    void completesATurnWithAToolCall(String model, String chatTool, String arguments, String itemType, String namespace,
            String outputContains, @TempDir Path tmp) throws Exception {
        String codex = codexBin();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models", ex -> reply(ex, 200, "application/json", "{\"object\":\"list\",\"data\":[],\"models\":[]}"));
        server.createContext("/v1/responses", ex -> turn(ex, chatTool, arguments));
        server.start();

        Path home = Files.createDirectories(tmp.resolve("home/.codex"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(home.resolve("config.toml"), (model.isEmpty() ? "" : "model = \"" + model + "\"\n")
                + "model_provider = \"gateway\"\n[model_providers.gateway]\nname = \"gateway\"\n"
                + "base_url = \"http://127.0.0.1:" + server.getAddress().getPort() + "/v1\"\nenv_key = \"GATEWAY_KEY\"\nwire_api = \"responses\"\n");
        ProcessBuilder pb = new ProcessBuilder(codex, "exec", "--skip-git-repo-check", "Use the tool, then report.")
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI") || k.startsWith("CODEX"));
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("GATEWAY_KEY", "sk-test");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Done through the bridge.");

        assertThat(requests).as("one request per turn, no retries").hasSize(2);
        JsonNode call = null;
        JsonNode output = null;
        for (JsonNode item : requests.get(1).get("input")) {
            if (itemType.equals(item.path("type").asString())) {
                call = item;
            }
            if ("function_call_output".equals(item.path("type").asString())) {
                output = item;
            }
        }
        assertThat(call).as("Codex replays our call item").isNotNull();
        assertThat(call.get("call_id").asString()).isEqualTo("call_bridge1");
        assertThat(call.path("namespace").isMissingNode() ? null : call.get("namespace").asString()).isEqualTo(namespace);
        assertThat(output).isNotNull();
        assertThat(output.get("output").toString()).contains(outputContains);
    }

    private void turn(HttpExchange ex, String chatTool, String arguments) throws IOException {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        requests.add(body);
        ResponsesToChat.ChatRequest chat = ResponsesToChat.translate(body, List.of());   // what the bridge would send upstream
        boolean first = requests.size() == 1;
        List<String> chunks = first
                ? List.of("{\"choices\":[{\"delta\":{\"reasoning_content\":\"Use the tool.\"}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_bridge1\",\"type\":\"function\",\"function\":{\"name\":\""
                                + chatTool + "\",\"arguments\":\"\"}}]}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                                + Json.MAPPER.writeValueAsString(arguments) + "}}]}}]}",
                        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")
                : List.of("{\"choices\":[{\"delta\":{\"content\":\"Done through \"}}]}",
                        "{\"choices\":[{\"delta\":{\"content\":\"the bridge.\"}}]}",
                        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}");
        ChatToResponsesStream stream = new ChatToResponsesStream(body, chat.toolNames(), "resp_bridge" + requests.size(), 1700000000L);
        ex.getResponseHeaders().set("content-type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream os = ex.getResponseBody()) {
            write(os, stream.start());
            for (String c : chunks) {
                write(os, stream.onChunk(Json.node(c)));
            }
            write(os, stream.onChunk(Json.node("{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10,\"total_tokens\":110}}")));
            write(os, stream.end());
        }
    }

    private static void write(OutputStream os, List<ObjectNode> events) throws IOException {
        for (ObjectNode e : events) {
            os.write(ChatToResponsesStream.sse(e).getBytes(StandardCharsets.UTF_8));
        }
        os.flush();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    /** Installs (or finds, when cached) the Codex CLI through the project's installer. */
    private static String codexBin() throws Exception {
        Path script = Path.of("..", ".ci", "install-clients.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString(), "--env").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String env = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("install-clients.sh").isZero();
        return env.lines().filter(l -> l.startsWith("export CODEX_BIN=")).findFirst()
                .map(l -> l.substring("export CODEX_BIN=".length()).replace("'", "")).orElseThrow();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
