package io.sovereign.gateway.responses;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sovereign.gateway.conversation.ItemReferences;
import io.sovereign.gateway.conversation.MemoryResponseStore;
import io.sovereign.gateway.conversation.ResponseOwner;
import io.sovereign.gateway.conversation.ResponseStore;
import io.sovereign.gateway.conversation.StoredResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Not a test: a loopback Responses endpoint made of the translators alone (no pipeline), so the client drivers in
 * {@code src/test/resources/clients} can be proved before the gateway serves {@code POST /v1/responses}
 * (.ci/check-client-drivers.sh). Like {@link RealClientsIT}'s stand-in: each request goes through
 * {@link ResponsesToChat} with the stored history of its {@code previous_response_id}; a canned chat answer comes
 * back through {@link ChatToResponses} or {@link ChatToResponsesStream}. A request with tools whose input does not
 * end in a tool output gets a call of its first function tool with {@code {"city":"Paris"}}; otherwise the text
 * {@code Done through the bridge.} Keeps what it produced in a {@link MemoryResponseStore} (one caller), resolves
 * {@code item_reference} inputs with {@link ItemReferences} and serves {@code GET}/{@code DELETE /v1/responses/{id}},
 * all as the gateway's POST wiring will. Prints {@code PORT n}, then {@code REQ method path stream=... items=...}.
 */
public final class ResponsesStandIn {

    private static final ResponseOwner CALLER = new ResponseOwner("stand-in", "stand-in");
    private final ResponseStore store =
            new MemoryResponseStore(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1), 1000);
    private final AtomicInteger count = new AtomicInteger();

    public static void main(String[] args) throws IOException {
        ResponsesStandIn standIn = new ResponsesStandIn();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", standIn::handle);
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            byte[] bytes = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/v1/responses/") && (method.equals("GET") || method.equals("DELETE"))) {
                log(method + " " + path);
                String id = path.substring("/v1/responses/".length());
                ObjectNode r = store.get(CALLER, id)
                        .join()
                        .map(StoredResponse::response)
                        .orElse(null);
                if (r != null && method.equals("DELETE")) {
                    store.delete(CALLER, id).join();
                }
                if (r == null) {
                    reply(
                            ex,
                            404,
                            "{\"error\":{\"message\":\"Response with id '" + id
                                    + "' not found.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
                } else {
                    reply(
                            ex,
                            200,
                            method.equals("GET")
                                    ? r.toString()
                                    : "{\"id\":\"" + id + "\",\"object\":\"response\",\"deleted\":true}");
                }
                return;
            }
            if (path.equals("/v1/models")) {
                reply(
                        ex,
                        200,
                        "{\"object\":\"list\",\"data\":[{\"id\":\"auto\",\"object\":\"model\",\"created\":0,\"owned_by\":\"gateway\"}]}");
                return;
            }
            if (!path.equals("/v1/responses") || !method.equals("POST")) {
                reply(
                        ex,
                        404,
                        "{\"error\":{\"message\":\"Unknown path.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"not_found\"}}");
                return;
            }
            ObjectNode body = (ObjectNode) Json.MAPPER.readTree(bytes);
            log("POST " + path + " stream=" + body.path("stream").asBoolean(false) + " fields=" + fieldNames(body)
                    + " items=" + itemTypes(body.get("input")) + " " + settings(body) + " headers=" + headers(ex));
            try {
                turn(ex, body);
            } catch (ResponsesRequestError e) {
                log("REFUSED " + e.getMessage());
                reply(
                        ex,
                        400,
                        "{\"error\":{\"message\":" + Json.MAPPER.writeValueAsString(e.getMessage())
                                + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
            }
        } catch (RuntimeException e) {
            log("FAILED " + e);
            reply(
                    ex,
                    500,
                    "{\"error\":{\"message\":\"stand-in failed\",\"type\":\"api_error\",\"param\":null,\"code\":null}}");
        }
    }

    private void turn(HttpExchange ex, ObjectNode body) throws IOException {
        String previous = body.path("previous_response_id").asString("");
        List<JsonNode> history = previous.isEmpty()
                ? List.of()
                : store.get(CALLER, previous)
                        .join()
                        .map(StoredResponse::history)
                        .orElse(List.of());
        ArrayNode input = body.get("input").isString()
                ? Json.MAPPER
                        .createArrayNode()
                        .add(Json.MAPPER
                                .createObjectNode()
                                .put("role", "user")
                                .put("content", body.get("input").stringValue()))
                : ItemReferences.resolve(store, CALLER, (ArrayNode) body.get("input"), history)
                        .join();
        body.set("input", input);
        ResponsesToChat.ChatRequest chat =
                ResponsesToChat.translate(body, history); // what the bridge would send upstream
        String responseId = ChatToResponses.newResponseId();
        List<JsonNode> conversation = new ArrayList<>(history);
        input.forEach(conversation::add);
        String tool = toolToCall(body, conversation);
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode message = tool == null
                    ? Json.obj("{\"role\":\"assistant\",\"content\":\"Done through the bridge.\"}")
                    : Json.obj("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_standin"
                            + count.incrementAndGet() + "\",\"type\":\"function\",\"function\":{\"name\":\"" + tool
                            + "\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}");
            ObjectNode completion = Json.MAPPER.createObjectNode();
            completion
                    .putArray("choices")
                    .addObject()
                    .put("finish_reason", tool == null ? "stop" : "tool_calls")
                    .set("message", message);
            completion.set("usage", Json.obj("{\"prompt_tokens\":100,\"completion_tokens\":10,\"total_tokens\":110}"));
            ObjectNode response =
                    ChatToResponses.translate(body, chat.toolNames(), completion, responseId, 1700000000L);
            keep(responseId, response, conversation);
            reply(ex, 200, response.toString());
            return;
        }
        List<String> chunks = tool != null
                ? List.of(
                        "{\"choices\":[{\"delta\":{\"reasoning_content\":\"Use the tool.\"}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_standin"
                                + count.incrementAndGet() + "\",\"type\":\"function\",\"function\":{\"name\":\"" + tool
                                + "\",\"arguments\":\"\"}}]}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}}]}",
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
            keep(responseId, (ObjectNode) last.get(last.size() - 1).get("response"), conversation);
            write(os, last);
        }
    }

    /** The first function tool when the conversation's last item is not a tool's output; else none (answer in text). */
    private static String toolToCall(ObjectNode body, List<JsonNode> conversation) {
        JsonNode last = conversation.isEmpty() ? null : conversation.get(conversation.size() - 1);
        if (last != null && last.path("type").asString("").endsWith("_output")) {
            return null;
        }
        for (JsonNode t : body.path("tools")) {
            if ("function".equals(t.path("type").asString())) {
                return t.path("name").asString();
            }
        }
        return null;
    }

    /** Stores this turn: the whole conversation input up to it (history, then its input) and the response. */
    private void keep(String id, ObjectNode response, List<JsonNode> conversation) {
        store.put(CALLER, new StoredResponse(id, Json.MAPPER.createArrayNode().addAll(conversation), response))
                .join();
    }

    /** The settings a client chose that the gateway must honour or answer (values, not prompt text). */
    private static String settings(ObjectNode body) {
        List<String> out = new ArrayList<>();
        for (String f :
                List.of("store", "include", "tool_choice", "parallel_tool_calls", "truncation", "reasoning", "text")) {
            if (body.has(f)) {
                out.add(f + "=" + body.get(f));
            }
        }
        return String.join(" ", out);
    }

    /** Header names (and the values that say which client and how it authenticates), never the key itself. */
    private static String headers(HttpExchange ex) {
        List<String> out = new ArrayList<>();
        ex.getRequestHeaders().forEach((name, values) -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (n.equals("content-length") || n.equals("host")) {
                return;
            }
            String v = values.get(0);
            out.add(
                    n.equals("authorization")
                            ? n + "=" + v.split(" ")[0]
                            : n.equals("user-agent")
                                            || n.equals("accept")
                                            || n.startsWith("x-stainless-helper")
                                            || n.startsWith("openai-")
                                            || n.equals("x-stainless-package-version")
                                    ? n + "=" + v
                                    : n);
        });
        java.util.Collections.sort(out);
        return String.join(",", out);
    }

    private static String itemTypes(JsonNode input) {
        if (input == null || input.isString()) {
            return "string";
        }
        List<String> types = new ArrayList<>();
        input.forEach(i -> types.add(i.path("type").asString(i.has("role") ? "message" : "?")
                + (i.has("role") ? "/" + i.path("role").asString() : "")));
        return String.join(",", types);
    }

    private static String fieldNames(ObjectNode body) {
        List<String> names = new ArrayList<>(body.propertyNames());
        java.util.Collections.sort(names);
        return String.join(",", names);
    }

    private static void log(String line) {
        synchronized (System.out) {
            System.out.println("REQ " + line);
            System.out.flush();
        }
    }

    private static void write(OutputStream os, List<ObjectNode> events) throws IOException {
        for (ObjectNode e : events) {
            os.write(ChatToResponsesStream.sse(e).getBytes(StandardCharsets.UTF_8));
        }
        os.flush();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
