package io.sovereign.gateway.messages;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sovereign.gateway.error.AnthropicErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Not a test: a loopback Messages endpoint made of the translators alone (no pipeline), so real Anthropic clients
 * can be run against them (.ci/check-anthropic-bridge.sh). Each request goes through {@link MessagesToChat}; a
 * canned chat answer shaped like local-inference's (reasoning, then text or a tool call; a stream of chunks with
 * a usage chunk) comes back through {@link ChatToMessages} or {@link ChatToMessagesStream}.
 *
 * <p>{@code java ... BridgeStandIn [--tool TRIGGER:NAME=JSON_INPUT ...]}: prints {@code PORT n}, then one line per
 * request ({@code REQ path stream=... ignored=[...]}). A request offering tool NAME whose last message is a user
 * message (system turns aside) containing TRIGGER is answered with a call of that tool.
 */
public final class BridgeStandIn {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Map<String, ObjectNode> tools = new LinkedHashMap<>();
    private final Map<String, String> triggers = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        BridgeStandIn bridge = new BridgeStandIn();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--tool")) {
                String[] kv = args[i + 1].split("=", 2);
                String[] trigger = kv[0].split(":", 2);
                bridge.triggers.put(trigger[1], trigger[0]);
                bridge.tools.put(trigger[1], Json.obj(kv[1]));
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", bridge::handle);
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            try {
                switch (path) {
                    case "/v1/messages" -> messages(ex, MessagesToChat.translate(body));
                    case "/v1/messages/count_tokens" -> {
                        BridgedRequest counted =
                                MessagesToChat.translateForCount((ObjectNode) MessagesToChat.JSON.readTree(body));
                        log("REQ " + path + " ignored=" + counted.ignored());
                        json(
                                ex,
                                200,
                                F.objectNode()
                                        .put(
                                                "input_tokens",
                                                Math.max(
                                                        1,
                                                        counted.chat()
                                                                        .toString()
                                                                        .length()
                                                                / 4)));
                    }
                    default -> json(ex, 404, AnthropicErrors.body(404, "Unknown path " + path + "."));
                }
            } catch (InvalidMessagesRequest e) {
                log("REQ " + path + " refused: " + e.getMessage());
                json(ex, 400, AnthropicErrors.body(e.type(), e.getMessage()));
            }
        }
    }

    private void messages(HttpExchange ex, BridgedRequest bridged) throws IOException {
        log("REQ /v1/messages stream=" + bridged.stream() + " model="
                + bridged.chat().path("model").asString() + " effort="
                + bridged.chat().path("reasoning_effort").asString("-") + " ignored=" + bridged.ignored());
        ObjectNode call = toolCall(bridged.chat());
        if (!bridged.stream()) {
            ObjectNode message =
                    F.objectNode().put("role", "assistant").put("reasoning_content", "The user greets me.");
            if (call == null) {
                message.put("content", "Hello from the bridge.");
            } else {
                message.putNull("content");
                message.putArray("tool_calls").add(call);
            }
            ObjectNode completion = F.objectNode()
                    .put("id", "chatcmpl-bridge1")
                    .put("object", "chat.completion")
                    .put("model", "gpt-oss-20b");
            completion
                    .putArray("choices")
                    .addObject()
                    .put("index", 0)
                    .put("finish_reason", call == null ? "stop" : "tool_calls")
                    .set("message", message);
            completion.set("usage", usage());
            json(ex, 200, ChatToMessages.translate(completion, bridged.reply()));
            return;
        }
        ChatToMessagesStream stream = new ChatToMessagesStream(bridged.reply(), 0);
        ex.getResponseHeaders().set("content-type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (ObjectNode chunk : chunks(call)) {
            for (SseEvent e : stream.onChunk(chunk)) {
                out.write(e.bytes());
            }
            out.flush();
        }
        for (SseEvent e : stream.finish()) {
            out.write(e.bytes());
        }
        out.flush();
    }

    /** A chat stream as local-inference sends it: role chunk, reasoning, then text or a tool call, finish, usage. */
    private static List<ObjectNode> chunks(ObjectNode call) {
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(chunk(F.objectNode().put("role", "assistant").put("content", ""), null));
        for (String piece : List.of("The user ", "greets me.")) {
            chunks.add(chunk(F.objectNode().put("reasoning_content", piece), null));
        }
        if (call == null) {
            for (String piece : List.of("Hello ", "from the ", "bridge.")) {
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
        ObjectNode usage = F.objectNode().put("id", "chatcmpl-bridge1").put("model", "gpt-oss-20b");
        usage.putArray("choices");
        usage.set("usage", usage());
        chunks.add(usage);
        return chunks;
    }

    private static ObjectNode chunk(ObjectNode delta, String finish) {
        ObjectNode chunk = F.objectNode()
                .put("id", "chatcmpl-bridge1")
                .put("object", "chat.completion.chunk")
                .put("model", "gpt-oss-20b");
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
            String name = tool.path("function").path("name").asString();
            if (tools.containsKey(name) && said.contains(triggers.get(name))) {
                ObjectNode call = F.objectNode().put("id", "call_" + name).put("type", "function");
                call.putObject("function")
                        .put("name", name)
                        .put("arguments", tools.get(name).toString());
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

    private static void json(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static synchronized void log(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
