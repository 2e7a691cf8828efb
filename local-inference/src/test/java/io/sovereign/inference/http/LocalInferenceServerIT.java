package io.sovereign.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.sovereign.inference.LocalInferenceServer;
import io.sovereign.inference.TinyModel;
import io.sovereign.inference.config.ServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The real server (tiny Llama + MiniLM) driven by the official openai-java client and raw HTTP: answers equal
 * the Python onnxruntime references, streamed and not, concurrently; disconnects, overflow and bad input.
 */
class LocalInferenceServerIT {
    static final String MODEL = "gpt-oss-20b";
    static LocalInferenceServer server;
    static OpenAIClient client;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new LocalInferenceServer(ServerOptions.parse(
                "--model-dir",
                TinyModel.DIR.toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--served-model-name",
                MODEL,
                "--embedding-model-dir",
                System.getProperty("embedding.model.dir", "target/models/all-minilm-l6-v2"),
                "--threads",
                "1",
                "--max-concurrent-sequences",
                "8",
                "--max-queue",
                "32"));
        base = "http://127.0.0.1:" + server.port();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(base + "/v1")
                .apiKey("unused")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    static List<JsonNode> cases(String kind) {
        return TinyModel.cases().stream()
                .filter(c -> kind.equals(c.path("kind").asString()))
                .toList();
    }

    static ChatCompletionCreateParams.Builder chat(JsonNode c) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .maxCompletionTokens(32)
                .temperature(0.0);
        for (JsonNode m : c.path("messages")) {
            String content = m.path("content").asString();
            switch (m.path("role").asString()) {
                case "system" -> b.addSystemMessage(content);
                case "user" -> b.addUserMessage(content);
                case "assistant" -> b.addAssistantMessage(content);
                default -> throw new IllegalArgumentException();
            }
        }
        return b;
    }

    static long expectedCompletionTokens(JsonNode c) {
        // the EOS token the model produced is counted, as the model did generate it
        return c.path("output_ids").size()
                + ("stop".equals(c.path("finish_reason").asString()) ? 1 : 0);
    }

    @Test
    void chatMatchesPythonReference() {
        for (JsonNode c : cases("chat")) {
            ChatCompletion r = client.chat().completions().create(chat(c).build());
            assertThat(r.choices().get(0).message().content())
                    .contains(c.path("output_text").asString());
            assertThat(r.choices().get(0).finishReason().asString())
                    .isEqualTo(c.path("finish_reason").asString());
            assertThat(r.usage().orElseThrow().promptTokens())
                    .isEqualTo(c.path("prompt_ids").size());
            assertThat(r.usage().orElseThrow().completionTokens()).isEqualTo(expectedCompletionTokens(c));
            assertThat(r.model()).isEqualTo(MODEL);
        }
    }

    static String streamChat(JsonNode c, long[] usageOut) {
        ChatCompletionCreateParams params = chat(c).streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder text = new StringBuilder();
        List<String> finish = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(f -> finish.add(f.asString()));
                });
                chunk.usage().ifPresent(u -> usageOut[0] = u.completionTokens());
            });
        }
        assertThat(finish).containsExactly(c.path("finish_reason").asString());
        return text.toString();
    }

    @Test
    void streamedChatMatchesPythonReferenceWithUsage() {
        for (JsonNode c : cases("chat")) {
            long[] usage = {-1};
            assertThat(streamChat(c, usage)).isEqualTo(c.path("output_text").asString());
            assertThat(usage[0]).isEqualTo(expectedCompletionTokens(c));
        }
    }

    @Test
    void completionsMatchPythonReference() {
        for (JsonNode c : cases("text")) {
            Completion r = client.completions()
                    .create(CompletionCreateParams.builder()
                            .model(MODEL)
                            .prompt(c.path("prompt").asString())
                            .maxTokens(32)
                            .temperature(0.0)
                            .build());
            assertThat(r.choices().get(0).text())
                    .isEqualTo(c.path("output_text").asString());
            assertThat(r.usage().orElseThrow().promptTokens())
                    .isEqualTo(c.path("prompt_ids").size());
        }
    }

    @Test
    void concurrentStreamsEachGetTheirOwnAnswer() throws Exception {
        List<JsonNode> chats = cases("chat");
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                JsonNode c = chats.get(i % chats.size());
                results.add(pool.submit(() -> streamChat(c, new long[1])));
            }
            for (int i = 0; i < 9; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS))
                        .isEqualTo(
                                chats.get(i % chats.size()).path("output_text").asString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientDisconnectStopsGeneration() throws Exception {
        long cancelledBefore = server.metrics().cancelledCount();
        String body = "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":480,\"ignore\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        long tokensBefore;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int events = 0;
            while ((line = in.readLine()) != null && events < 1) {
                if (line.startsWith("data: ")) events++;
            }
            assertThat(events).isEqualTo(1);
            tokensBefore = server.metrics().generatedTokens();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().cancelledCount() > cancelledBefore);
        // the 480-token generation stopped early: far fewer tokens were produced than it asked for
        assertThat(server.metrics().generatedTokens() - tokensBefore).isLessThan(400);
    }

    @Test
    void contextOverflowIs400WithTheNumbers() {
        JsonNode c = cases("chat").get(0);
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(chat(c).maxCompletionTokens(600).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.code()).contains("context_length_exceeded");
                    assertThat(e.getMessage()).contains("512").contains("614").contains("14 in the prompt");
                });
        String longPrompt = "The gateway keeps data. ".repeat(200);
        assertThatThrownBy(() -> client.completions()
                        .create(CompletionCreateParams.builder()
                                .model(MODEL)
                                .prompt(longPrompt)
                                .maxTokens(4)
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.code()).contains("context_length_exceeded"));
    }

    @Test
    void unknownModelIs404() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("o3-mini")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }

    record Raw(int status, JsonNode body, Optional<String> retryAfter) {}

    static Raw post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Raw(
                r.statusCode(),
                new ObjectMapper().readTree(r.body()),
                r.headers().firstValue("Retry-After"));
    }

    @Test
    void malformedRequestsAre400WithOpenAiShapedErrors() throws Exception {
        record Case(String body, String param) {}
        for (Case c : List.of(
                new Case("{not json", null),
                new Case("[1,2]", null),
                new Case("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model"),
                new Case("{\"model\":\"" + MODEL + "\",\"messages\":[]}", "messages"),
                new Case(
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}",
                        "messages[0].role"),
                new Case(
                        "{\"model\":\"" + MODEL
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":5}",
                        "temperature"),
                new Case(
                        "{\"model\":\"" + MODEL
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-3}",
                        "max_tokens"),
                new Case(
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":7}",
                        "stop"),
                new Case(
                        "{\"model\":\"" + MODEL
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\"}]}",
                        "tools"),
                new Case(
                        "{\"model\":\"" + MODEL
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_object\"}}",
                        "response_format"),
                new Case(
                        "{\"model\":\"" + MODEL
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true}",
                        "logprobs"),
                new Case(
                        "{\"model\":\"" + MODEL
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
                        "messages[0].content"))) {
            Raw r = post("/v1/chat/completions", c.body);
            assertThat(r.status).as(c.body).isEqualTo(400);
            assertThat(r.body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(r.body.path("error").path("message").asString()).isNotBlank();
            if (c.param != null) {
                assertThat(r.body.path("error").path("param").asString())
                        .as(c.body)
                        .isEqualTo(c.param);
            }
        }
        assertThat(post("/v1/nothing", "{}").status).isEqualTo(404);
    }

    @Test
    void stopSequenceEndsTheAnswerBeforeIt() throws Exception {
        JsonNode c = cases("chat").get(0);
        String full = c.path("output_text").asString();
        String stop = full.substring(10, 13);
        Raw r = post(
                "/v1/chat/completions",
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":32,\"stop\":" + new ObjectMapper().writeValueAsString(stop)
                        + ",\"messages\":" + c.path("messages") + "}");
        assertThat(r.body.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(r.body.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("stop");
    }

    @Test
    void embeddingsMatchPythonCosines() throws Exception {
        JsonNode ref = new ObjectMapper()
                .readTree(Path.of("src/test/resources/minilm-reference.json").toFile());
        List<String> texts = new ArrayList<>();
        ref.path("texts").forEach(t -> texts.add(t.asString()));
        CreateEmbeddingResponse r = client.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("all-minilm-l6-v2")
                        .inputOfArrayOfStrings(texts)
                        .build());
        List<List<Float>> v = r.data().stream().map(e -> e.embedding()).toList();
        assertThat(v).hasSize(texts.size());
        for (JsonNode pair : ref.path("cosines")) {
            double cos = 0;
            List<Float> a = v.get(pair.get(0).asInt());
            List<Float> b = v.get(pair.get(1).asInt());
            for (int i = 0; i < a.size(); i++) cos += a.get(i) * b.get(i);
            assertThat(cos).isCloseTo(pair.get(2).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        }
        int tokens = 0;
        for (JsonNode n : ref.path("token_counts")) tokens += n.asInt();
        assertThat(r.usage().promptTokens()).isEqualTo(tokens);
        Raw floats = post(
                "/v1/embeddings",
                "{\"model\":\"all-minilm-l6-v2\",\"input\":\"The cat sits on the mat.\",\"encoding_format\":\"float\"}");
        JsonNode first = floats.body.path("data").get(0).path("embedding");
        assertThat(first.size()).isEqualTo(384);
        for (int i = 0; i < 8; i++) {
            assertThat(first.get(i).asDouble())
                    .isCloseTo(
                            ref.path("first_dims").get(0).get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void modelsHealthAndMetrics() throws Exception {
        assertThat(client.models().list().data()).extracting(m -> m.id()).containsExactly(MODEL, "all-minilm-l6-v2");
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        client.completions()
                .create(CompletionCreateParams.builder()
                        .model(MODEL)
                        .prompt("The gateway")
                        .maxTokens(4)
                        .build());
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains(
                        "local_inference_requests_total{endpoint=\"/v1/completions\",status=\"200\"}",
                        "local_inference_generated_tokens_total",
                        "local_inference_prompt_tokens_total",
                        "local_inference_queue_depth",
                        "local_inference_active_sequences",
                        "local_inference_time_to_first_token_seconds_bucket",
                        "local_inference_request_duration_seconds_count",
                        "local_inference_tokens_per_second");
    }

    @Test
    void fullQueueAnswers429WithRetryAfter() throws Exception {
        try (LocalInferenceServer small = new LocalInferenceServer(ServerOptions.parse(
                "--model-dir",
                TinyModel.DIR.toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--served-model-name",
                MODEL,
                "--threads",
                "1",
                "--max-concurrent-sequences",
                "1",
                "--max-queue",
                "1"))) {
            String url = "http://127.0.0.1:" + small.port() + "/v1/completions";
            String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"The gateway\",\"max_tokens\":480}";
            List<HttpResponse<String>> rejected = new ArrayList<>();
            int ok = 0;
            // 16 at once against 1 slot + 1 queue place; a few rounds in case a fast machine drains them first
            for (int round = 0; round < 5 && rejected.isEmpty(); round++) {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    calls.add(http.sendAsync(
                            HttpRequest.newBuilder(URI.create(url))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> f : calls) {
                    HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                    if (r.statusCode() == 429) rejected.add(r);
                    else if (r.statusCode() == 200) ok++;
                }
            }
            assertThat(ok).isGreaterThanOrEqualTo(1);
            assertThat(rejected).isNotEmpty();
            assertThat(rejected.get(0).headers().firstValue("Retry-After")).contains("1");
            assertThat(rejected.get(0).body()).contains("\"code\":\"server_overloaded\"");
        }
    }
}
