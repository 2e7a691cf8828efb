package io.sovereign.gateway.messages;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat-completions target for the real-client tests, shaped like local-inference's answers: reasoning, then the
 * text {@link #ANSWER} or a tool call; streamed as chunks with a usage chunk when asked. A request offering a tool
 * whose last non-system message is a user message containing that tool's trigger gets a call of the tool (so Claude
 * Code's {@code Read} and the SDKs' {@code get_weather} work); a tool result is answered with text. Records each
 * request's body.
 */
final class ChatTargetStub implements AutoCloseable {

    static final String ANSWER = "Hello from the target.";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final HttpServer server;
    private final Map<String, String[]> tools = new ConcurrentHashMap<>(); // tool name -> {trigger, arguments JSON}
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    ChatTargetStub(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers a request offering {@code tool} whose user message contains {@code trigger} with a call of it. */
    ChatTargetStub tool(String tool, String trigger, String argumentsJson) {
        tools.put(tool, new String[] {trigger, argumentsJson});
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    void reset() {
        received.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (!ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(ex, 404, "{\"error\":{\"message\":\"Unknown path\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            JsonNode body = JSON.readTree(raw);
            received.add(body);
            ObjectNode call = toolCall(body);
            if (!body.path("stream").asBoolean(false)) {
                ObjectNode message =
                        F.objectNode().put("role", "assistant").put("reasoning_content", "The user greets me.");
                if (call == null) {
                    message.put("content", ANSWER);
                } else {
                    message.putNull("content");
                    message.putArray("tool_calls").add(call);
                }
                ObjectNode completion = F.objectNode()
                        .put("id", "chatcmpl-" + name)
                        .put("object", "chat.completion")
                        .put("model", body.path("model").asString());
                completion
                        .putArray("choices")
                        .addObject()
                        .put("index", 0)
                        .put("finish_reason", call == null ? "stop" : "tool_calls")
                        .set("message", message);
                completion.set("usage", usage());
                send(ex, 200, completion.toString());
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (ObjectNode chunk : chunks(
                    call, body.path("stream_options").path("include_usage").asBoolean(false))) {
                out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private List<ObjectNode> chunks(ObjectNode call, boolean usage) {
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(chunk(F.objectNode().put("role", "assistant").put("content", ""), null));
        for (String piece : List.of("The user ", "greets me.")) {
            chunks.add(chunk(F.objectNode().put("reasoning_content", piece), null));
        }
        if (call == null) {
            for (String piece : List.of("Hello ", "from the ", "target.")) {
                chunks.add(chunk(F.objectNode().put("content", piece), null));
            }
        } else {
            String args = call.path("function").path("arguments").asString();
            int half = args.length() / 2;
            ObjectNode first = call.deepCopy().put("index", 0);
            ((ObjectNode) first.get("function")).put("arguments", args.substring(0, half));
            chunks.add(chunk(F.objectNode().set("tool_calls", F.arrayNode().add(first)), null));
            ObjectNode rest = F.objectNode().put("index", 0);
            rest.putObject("function").put("arguments", args.substring(half));
            chunks.add(chunk(F.objectNode().set("tool_calls", F.arrayNode().add(rest)), null));
        }
        chunks.add(chunk(F.objectNode(), call == null ? "stop" : "tool_calls"));
        if (usage) {
            ObjectNode last = F.objectNode().put("id", "chatcmpl-" + name).put("object", "chat.completion.chunk");
            last.putArray("choices");
            last.set("usage", usage());
            chunks.add(last);
        }
        return chunks;
    }

    private ObjectNode chunk(ObjectNode delta, String finish) {
        ObjectNode chunk = F.objectNode().put("id", "chatcmpl-" + name).put("object", "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finish);
        return chunk;
    }

    private ObjectNode toolCall(JsonNode chat) {
        JsonNode last = F.objectNode();
        for (JsonNode m : chat.path("messages")) {
            if (!m.path("role").asString().equals("system")) { // Claude Code ends its first turn with a system turn
                last = m;
            }
        }
        if (!last.path("role").asString().equals("user")) {
            return null;
        }
        String said = last.path("content").toString();
        for (JsonNode tool : chat.path("tools")) {
            String[] t = tools.get(tool.path("function").path("name").asString());
            if (t != null && said.contains(t[0])) {
                ObjectNode call =
                        F.objectNode().put("id", "call_" + received.size()).put("type", "function");
                call.putObject("function")
                        .put("name", tool.path("function").path("name").asString())
                        .put("arguments", t[1]);
                return call;
            }
        }
        return null;
    }

    private static ObjectNode usage() {
        return F.objectNode()
                .put("prompt_tokens", 42)
                .put("completion_tokens", 7)
                .put("total_tokens", 49);
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
