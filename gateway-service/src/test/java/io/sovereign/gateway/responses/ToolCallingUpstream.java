package io.sovereign.gateway.responses;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat-completions upstream (loopback) that uses tools as the client drivers expect of a model: with tools offered
 * and the last message not a tool result, it calls {@code tool} (default: the first function tool offered) with
 * {@code arguments}; otherwise it answers {@value #TEXT}. Whole or streamed (with reasoning, tool-call deltas and the
 * usage chunk when asked). Records every body it gets.
 */
final class ToolCallingUpstream implements AutoCloseable {

    static final String TEXT = "Done through the bridge.";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String tool;
    private final String arguments;
    private final AtomicInteger calls = new AtomicInteger();
    final List<ObjectNode> received = new CopyOnWriteArrayList<>();

    private ToolCallingUpstream(String tool, String arguments) throws IOException {
        this.tool = tool;
        this.arguments = arguments;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @param tool the chat tool name to call, or null for the first function tool offered */
    static ToolCallingUpstream start(String tool, String arguments) {
        try {
            return new ToolCallingUpstream(tool, arguments);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ObjectNode body =
                    (ObjectNode) Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
            received.add(body);
            if (!ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                reply(
                        ex,
                        404,
                        "{\"error\":{\"message\":\"Unknown path\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
                return;
            }
            JsonNode messages = body.path("messages");
            boolean afterTool = messages.size() > 0
                    && "tool"
                            .equals(messages.get(messages.size() - 1)
                                    .path("role")
                                    .asString());
            String name = afterTool ? null : toolToCall(body);
            String callId = "call_bridge" + calls.incrementAndGet();
            String usage = "{\"prompt_tokens\":100,\"completion_tokens\":10,\"total_tokens\":110}";
            if (!body.path("stream").asBoolean(false)) {
                String message = name == null
                        ? "{\"role\":\"assistant\",\"content\":\"" + TEXT + "\"}"
                        : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + callId
                                + "\",\"type\":\"function\"," + "\"function\":{\"name\":\"" + name + "\",\"arguments\":"
                                + Json.MAPPER.writeValueAsString(arguments) + "}}]}";
                reply(
                        ex,
                        200,
                        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                + "\"message\":" + message + ",\"finish_reason\":\""
                                + (name == null ? "stop" : "tool_calls") + "\"}],\"usage\":" + usage + "}");
                return;
            }
            List<String> chunks = name != null
                    ? List.of(
                            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Use the tool.\"}}]}",
                            "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
                                    + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                                    + "\",\"arguments\":\"\"}}]}}]}",
                            "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                                    + Json.MAPPER.writeValueAsString(arguments) + "}}]}}]}",
                            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")
                    : List.of(
                            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Done through \"}}]}",
                            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"the bridge.\"}}]}",
                            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            ex.getResponseHeaders().set("content-type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                for (String c : chunks) {
                    os.write(("data: " + c + "\n\n").getBytes(StandardCharsets.UTF_8));
                    os.flush();
                }
                if (body.path("stream_options").path("include_usage").asBoolean(false)) {
                    os.write(("data: {\"choices\":[],\"usage\":" + usage + "}\n\n").getBytes(StandardCharsets.UTF_8));
                }
                os.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private String toolToCall(ObjectNode body) {
        JsonNode tools = body.path("tools");
        if (tools.isEmpty()) {
            return null;
        }
        if (tool != null) {
            return tool;
        }
        for (JsonNode t : tools) {
            if ("function".equals(t.path("type").asString())) {
                return t.path("function").path("name").asString();
            }
        }
        return null;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
