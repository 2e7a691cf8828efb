package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real clients (installed by .ci/install-clients.sh) against a loopback stand-in that does what the bridge
 * will do: translate each Responses request to chat, answer with scripted chat output, and send it back
 * through {@link ChatToResponsesStream} (or {@link ChatToResponses} when not streamed). Codex CLI 0.169.0's
 * turn completes only if it accepts the events, runs the tool, and replays our items with its tool output;
 * openai-python's stream helper rebuilds the response from the events and checks their order.
 */
class RealClientsIT {

    private HttpServer server;
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    /** What the gateway's store will hold: per response, the conversation's items up to and including it. */
    private final Map<String, List<JsonNode>> conversations = new ConcurrentHashMap<>();

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of(
                        "gpt-5-codex",
                        "exec_command",
                        "{\"cmd\":\"echo hi-from-bridge\"}",
                        "function_call",
                        null,
                        "hi-from-bridge"),
                Arguments.of("", "collaboration__list_agents", "{}", "function_call", "collaboration", "agent_name"));
    }

    @ParameterizedTest(name = "model {0}, tool {1}")
    @MethodSource("scenarios")
    void completesATurnWithAToolCall(
            String model,
            String chatTool,
            String arguments,
            String itemType,
            String namespace,
            String outputContains,
            @TempDir Path tmp)
            throws Exception {
        String codex = client("CODEX_BIN");
        serve(chatTool, arguments);

        Path home = Files.createDirectories(tmp.resolve("home/.codex"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(
                home.resolve("config.toml"),
                (model.isEmpty() ? "" : "model = \"" + model + "\"\n")
                        + "model_provider = \"gateway\"\n[model_providers.gateway]\nname = \"gateway\"\n"
                        + "base_url = \"http://127.0.0.1:" + server.getAddress().getPort()
                        + "/v1\"\nenv_key = \"GATEWAY_KEY\"\nwire_api = \"responses\"\n");
        ProcessBuilder pb = new ProcessBuilder(codex, "exec", "--skip-git-repo-check", "Use the tool, then report.")
                .directory(work.toFile())
                .redirectErrorStream(true);
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
        assertThat(
                        call.path("namespace").isMissingNode()
                                ? null
                                : call.get("namespace").asString())
                .isEqualTo(namespace);
        assertThat(output).isNotNull();
        assertThat(output.get("output").toString()).contains(outputContains);
    }

    @Test
    void openaiPythonStreamsAndParsesTheTranslatedResponses(@TempDir Path tmp) throws Exception {
        String python = client("CLIENTS_PYTHON");
        serve("get_weather", "{\"city\":\"Paris\"}");
        Path script = tmp.resolve("client.py");
        Files.writeString(script, """
                import sys, openai
                c = openai.OpenAI(base_url=sys.argv[1], api_key="sk-test", max_retries=0)
                tools = [{"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]
                with c.responses.stream(model="auto", input="Weather in Paris?", tools=tools) as s:
                    kinds = [e.type for e in s]
                    first = s.get_final_response()
                call = first.output[-1]
                assert [o.type for o in first.output] == ["reasoning", "function_call"], first.output
                assert (call.name, call.arguments, call.call_id) == ("get_weather", '{"city":"Paris"}', "call_bridge1"), call
                assert first.usage.total_tokens == 110 and kinds[0] == "response.created", (first.usage, kinds)
                second = c.responses.create(model="auto", previous_response_id=first.id, tools=tools,
                                            input=[{"type": "function_call_output", "call_id": call.call_id, "output": "18C"}])
                assert second.output_text == "Done through the bridge.", second
                assert second.previous_response_id == first.id and second.status == "completed", second
                print("ok")
                """);
        Process p = new ProcessBuilder(
                        python,
                        script.toString(),
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).endsWith("ok\n");
        assertThat(requests).hasSize(2);
    }

    private void serve(String chatTool, String arguments) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/v1/models",
                ex -> reply(ex, 200, "application/json", "{\"object\":\"list\",\"data\":[],\"models\":[]}"));
        server.createContext("/v1/responses", ex -> {
            try {
                turn(ex, chatTool, arguments);
            } catch (RuntimeException e) {
                reply(ex, 500, "text/plain", "stand-in failed: " + e);
            }
        });
        server.start();
    }

    private void turn(HttpExchange ex, String chatTool, String arguments) throws IOException {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        requests.add(body);
        List<JsonNode> history =
                conversations.getOrDefault(body.path("previous_response_id").asString(""), List.of());
        ResponsesToChat.ChatRequest chat =
                ResponsesToChat.translate(body, history); // what the bridge would send upstream
        boolean first = requests.size() == 1;
        String responseId = "resp_bridge" + requests.size();
        List<JsonNode> conversation = new ArrayList<>(history);
        if (body.get("input").isString()) {
            conversation.add(Json.MAPPER
                    .createObjectNode()
                    .put("role", "user")
                    .put("content", body.get("input").stringValue()));
        } else {
            body.get("input").forEach(conversation::add);
        }
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode completion = Json.obj("""
                    {"choices":[{"message":{"role":"assistant","content":"Done through the bridge."},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":100,"completion_tokens":10,"total_tokens":110}}""");
            ObjectNode response =
                    ChatToResponses.translate(body, chat.toolNames(), completion, responseId, 1700000000L);
            response.get("output").forEach(conversation::add);
            conversations.put(responseId, conversation);
            reply(ex, 200, "application/json", response.toString());
            return;
        }
        List<String> chunks = first
                ? List.of(
                        "{\"choices\":[{\"delta\":{\"reasoning_content\":\"Use the tool.\"}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_bridge1\",\"type\":\"function\",\"function\":{\"name\":\""
                                + chatTool + "\",\"arguments\":\"\"}}]}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                                + Json.MAPPER.writeValueAsString(arguments) + "}}]}}]}",
                        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")
                : List.of(
                        "{\"choices\":[{\"delta\":{\"content\":\"Done through \"}}]}",
                        "{\"choices\":[{\"delta\":{\"content\":\"the bridge.\"}}]}",
                        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}");
        ChatToResponsesStream stream = new ChatToResponsesStream(body, chat.toolNames(), responseId, 1700000000L);
        ex.getResponseHeaders().set("content-type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream os = ex.getResponseBody()) {
            write(os, stream.start());
            for (String c : chunks) {
                write(os, stream.onChunk(Json.node(c)));
            }
            write(
                    os,
                    stream.onChunk(
                            Json.node(
                                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10,\"total_tokens\":110}}")));
            List<ObjectNode> last = stream.end();
            last.get(last.size() - 1).get("response").get("output").forEach(conversation::add);
            conversations.put(responseId, conversation);
            write(os, last);
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

    /** Installs (or finds, when cached) the clients through the project's installer; returns one of its paths. */
    static String client(String variable) throws Exception {
        Path script =
                Path.of("..", ".ci", "install-clients.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString(), "--env")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String env = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("install-clients.sh").isZero();
        String prefix = "export " + variable + "=";
        return env.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .map(l -> l.substring(prefix.length()).replace("'", ""))
                .orElseThrow();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
