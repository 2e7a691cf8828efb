package io.sovereign.gateway.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server speaking the OpenAI wire format (JSON and SSE), standing in for a target at the HTTP
 * boundary. It records every request it receives so tests can assert which target got what.
 */
public final class OpenAiStub implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final int PROMPT_TOKENS = 11;
    public static final int COMPLETION_TOKENS = 7;

    /** How the stub answers. */
    public enum Mode {
        NORMAL,
        FAIL_500,
        FAIL_429,
        /** A 400 as an OpenAI-compatible server sends it for a prompt beyond the model's context. */
        FAIL_400,
        HANG
    }

    /** One request as the stub saw it ({@code query}: the raw query string, null when there was none). */
    public record Received(String path, Map<String, List<String>> headers, JsonNode body, String query) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile boolean oSeries;
    private volatile long streamDelayMillis;
    private volatile long firstByteDelayMillis;
    private volatile int promptTokens = PROMPT_TOKENS;
    private volatile int streamDelayAfterWords;
    private volatile boolean echo;

    private OpenAiStub(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static OpenAiStub start(String name) {
        try {
            return new OpenAiStub(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Behave like OpenAI's o-series: reject max_tokens, temperature and friends with the real error bodies. */
    public OpenAiStub oSeries(boolean on) {
        this.oSeries = on;
        return this;
    }

    public OpenAiStub mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** Delay between the first SSE event and the rest. */
    public OpenAiStub streamDelayMillis(long ms) {
        this.streamDelayMillis = ms;
        return this;
    }

    /** The prompt_tokens the stub reports (completion tokens stay fixed: 7 words / 7 tokens). */
    public OpenAiStub promptTokens(int n) {
        this.promptTokens = n;
        return this;
    }

    /** Where in the stream the delay falls: after this many content words (0 = right after the role event). */
    public OpenAiStub streamDelayAfterWords(int n) {
        this.streamDelayAfterWords = n;
        return this;
    }

    /** Answer with the last user message (streamed in 3-character pieces), to test what comes back. */
    public OpenAiStub echo(boolean on) {
        this.echo = on;
        return this;
    }

    public OpenAiStub firstByteDelayMillis(long ms) {
        this.firstByteDelayMillis = ms;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public void reset() {
        received.clear();
        mode = Mode.NORMAL;
        streamDelayMillis = 0;
        firstByteDelayMillis = 0;
        promptTokens = PROMPT_TOKENS;
        streamDelayAfterWords = 0;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            received.add(new Received(
                    ex.getRequestURI().getPath(),
                    Map.copyOf(ex.getRequestHeaders()),
                    body,
                    ex.getRequestURI().getRawQuery()));
            sleep(firstByteDelayMillis);
            switch (mode) {
                case FAIL_500 -> {
                    send(
                            ex,
                            500,
                            "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
                    return;
                }
                case FAIL_429 -> {
                    send(
                            ex,
                            429,
                            "{\"error\":{\"message\":\"Rate limit reached.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
                    return;
                }
                case FAIL_400 -> {
                    send(
                            ex,
                            400,
                            "{\"error\":{\"message\":\"This model's maximum context length is 512 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
                    return;
                }
                case HANG -> {
                    sleep(30_000);
                    return;
                }
                default -> {}
            }
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/chat/completions")) {
                chat(ex, (ObjectNode) body);
            } else if (path.endsWith("/responses")) {
                responses(ex, (ObjectNode) body);
            } else if (path.endsWith("/embeddings")) {
                embeddings(ex, (ObjectNode) body);
            } else {
                send(
                        ex,
                        404,
                        "{\"error\":{\"message\":\"Unknown path " + path
                                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
            }
        }
    }

    private void chat(HttpExchange ex, ObjectNode body) throws IOException {
        if (oSeries) {
            for (String p : List.of(
                    "max_tokens",
                    "temperature",
                    "top_p",
                    "presence_penalty",
                    "frequency_penalty",
                    "logprobs",
                    "top_logprobs",
                    "logit_bias")) {
                if (body.has(p)) {
                    String msg = p.equals("max_tokens")
                            ? "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
                            : "Unsupported parameter: '" + p + "' is not supported with this model.";
                    send(
                            ex,
                            400,
                            "{\"error\":{\"message\":\"" + msg + "\",\"type\":\"invalid_request_error\",\"param\":\""
                                    + p + "\",\"code\":\"unsupported_parameter\"}}");
                    return;
                }
            }
        }
        String model = body.get("model").asString();
        String said = null;
        if (echo) {
            JsonNode messages = body.get("messages");
            said = "You said: "
                    + messages.get(messages.size() - 1).path("content").asString();
        }
        boolean stream = body.has("stream") && body.get("stream").asBoolean();
        if (!stream) {
            send(
                    ex,
                    200,
                    "{\"id\":\"chatcmpl-" + name
                            + "\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":\"" + model
                            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                            + JSON.writeValueAsString(said != null ? said : "Hello from " + name)
                            + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
                            + ",\"completion_tokens\":"
                            + COMPLETION_TOKENS + ",\"total_tokens\":" + (promptTokens + COMPLETION_TOKENS) + "}}");
            return;
        }
        boolean usage = body.has("stream_options")
                && body.get("stream_options").path("include_usage").asBoolean();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("openai-organization", "org-secret-account");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        String id = "chatcmpl-" + name;
        event(
                out,
                "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\""
                        + model
                        + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        String[] words = said != null
                ? said.split("(?<=\\G.{3})")
                : new String[] {"Hello", " from", " " + name, "!", " More", " words", "."};
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (i == streamDelayAfterWords) {
                sleep(streamDelayMillis);
            }
            event(
                    out,
                    "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\""
                            + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                            + JSON.writeValueAsString(w) + "},\"finish_reason\":null}]}");
        }
        event(
                out,
                "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\""
                        + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        if (usage) {
            event(
                    out,
                    "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\""
                            + model
                            + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                            + ",\"completion_tokens\":" + words.length
                            + ",\"total_tokens\":" + (promptTokens + words.length) + "}}");
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The Responses API as the hosted target speaks it (a target declared with {@code apis: [chat, responses]}):
     * a whole {@code response} object, or its event stream ({@code event:} lines, {@code sequence_number}s from 0,
     * usage in {@code response.completed}). With {@link #oSeries} it refuses sampling parameters as o3-mini does.
     */
    private void responses(HttpExchange ex, ObjectNode body) throws IOException {
        if (oSeries) {
            for (String p : List.of("temperature", "top_p")) {
                if (body.has(p)) {
                    send(
                            ex,
                            400,
                            "{\"error\":{\"message\":\"Unsupported parameter: '" + p
                                    + "' is not supported with this model.\",\"type\":\"invalid_request_error\",\"param\":\""
                                    + p + "\",\"code\":\"unsupported_parameter\"}}");
                    return;
                }
            }
        }
        String model = body.path("model").asString();
        String said = echo ? "You said: " + ResponsesWire.lastUserText(body.path("input")) : null;
        String[] words = said != null
                ? said.split("(?<=\\G.{3})")
                : new String[] {"Hello", " from", " " + name, "!", " More", " words", "."};
        String text = String.join("", words);
        boolean stream = body.path("stream").asBoolean(false);
        if (!stream) {
            String whole = said != null ? said : "Hello from " + name; // as its chat completions answer
            send(
                    ex,
                    200,
                    ResponsesWire.response(name, promptTokens, model, "completed", whole, COMPLETION_TOKENS)
                            .toString());
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int[] seq = {0};
        ObjectNode created = JSON.createObjectNode().put("type", "response.created");
        created.set("response", ResponsesWire.response(name, promptTokens, model, "in_progress", null, 0));
        ResponsesWire.named(out, created, seq);
        ObjectNode progress = JSON.createObjectNode().put("type", "response.in_progress");
        progress.set("response", ResponsesWire.response(name, promptTokens, model, "in_progress", null, 0));
        ResponsesWire.named(out, progress, seq);
        ObjectNode added = JSON.createObjectNode()
                .put("type", "response.output_item.added")
                .put("output_index", 0);
        added.set("item", ResponsesWire.message(name, null, "in_progress"));
        ResponsesWire.named(out, added, seq);
        ObjectNode part = JSON.createObjectNode()
                .put("type", "response.content_part.added")
                .put("item_id", "msg_stub_" + name)
                .put("output_index", 0)
                .put("content_index", 0);
        part.set("part", ResponsesWire.textPart(""));
        ResponsesWire.named(out, part, seq);
        for (int i = 0; i < words.length; i++) {
            if (i == streamDelayAfterWords) {
                sleep(streamDelayMillis);
            }
            ResponsesWire.named(
                    out,
                    JSON.createObjectNode()
                            .put("type", "response.output_text.delta")
                            .put("item_id", "msg_stub_" + name)
                            .put("output_index", 0)
                            .put("content_index", 0)
                            .put("delta", words[i]),
                    seq);
        }
        ResponsesWire.named(
                out,
                JSON.createObjectNode()
                        .put("type", "response.output_text.done")
                        .put("item_id", "msg_stub_" + name)
                        .put("output_index", 0)
                        .put("content_index", 0)
                        .put("text", text),
                seq);
        ObjectNode partDone = JSON.createObjectNode()
                .put("type", "response.content_part.done")
                .put("item_id", "msg_stub_" + name)
                .put("output_index", 0)
                .put("content_index", 0);
        partDone.set("part", ResponsesWire.textPart(text));
        ResponsesWire.named(out, partDone, seq);
        ObjectNode itemDone =
                JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
        itemDone.set("item", ResponsesWire.message(name, text, "completed"));
        ResponsesWire.named(out, itemDone, seq);
        ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
        completed.set("response", ResponsesWire.response(name, promptTokens, model, "completed", text, words.length));
        ResponsesWire.named(out, completed, seq);
    }

    private void embeddings(HttpExchange ex, ObjectNode body) throws IOException {
        JsonNode input = body.get("input");
        int n = input.isArray() && !input.get(0).isIntegralNumber() ? input.size() : 1;
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < n; i++) {
            ObjectNode e = data.addObject();
            e.put("object", "embedding");
            e.put("index", i);
            e.putArray("embedding").add(0.1 * (i + 1)).add(0.2).add(0.3);
        }
        root.put("model", body.get("model").asString());
        root.putObject("usage").put("prompt_tokens", 4 * n).put("total_tokens", 4 * n);
        send(ex, 200, root.toString());
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
