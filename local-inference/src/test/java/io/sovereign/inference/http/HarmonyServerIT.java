package io.sovereign.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sovereign.inference.LocalInferenceServer;
import io.sovereign.inference.TinyModel;
import io.sovereign.inference.config.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * gpt-oss's harmony format end to end: a scripted model (models/tiny-harmony) answers with an analysis and a
 * final channel; the server renders chat_template.jinja, returns final as content and analysis as
 * reasoning_content, streamed and not, and no harmony markup reaches the client.
 */
class HarmonyServerIT {
    static final Path DIR = TinyModel.DIR.resolveSibling("tiny-harmony");
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalInferenceServer server;
    static JsonNode reference;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        reference = JSON.readTree(DIR.resolve("reference.json").toFile());
        server = new LocalInferenceServer(ServerOptions.parse(
                "--model-dir",
                DIR.toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--served-model-name",
                "gpt-oss-20b",
                "--threads",
                "1"));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String body(boolean stream) {
        return "{\"model\":\"gpt-oss-20b\",\"stream\":" + stream + ",\"stream_options\":{\"include_usage\":" + stream
                + "},\"messages\":" + reference.path("messages") + "}";
    }

    static HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void finalChannelIsContentAndAnalysisIsReasoning() throws Exception {
        HttpResponse<String> r = post(body(false));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode choice = JSON.readTree(r.body()).path("choices").get(0);
        assertThat(choice.path("message").path("content").asString())
                .isEqualTo(reference.path("content").asString());
        assertThat(choice.path("message").path("reasoning_content").asString())
                .isEqualTo(reference.path("reasoning_content").asString());
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        JsonNode usage = JSON.readTree(r.body()).path("usage");
        assertThat(usage.path("prompt_tokens").asInt())
                .isEqualTo(reference.path("prompt_tokens").asInt());
        assertThat(usage.path("completion_tokens").asInt())
                .isEqualTo(reference.path("completion_tokens").asInt());
        assertThat(r.body()).doesNotContain("<|");
    }

    @Test
    void streamedChannelsArriveAsSeparateDeltas() throws Exception {
        HttpResponse<String> r = post(body(true));
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        boolean reasoningBeforeContent = true;
        int usageChunks = 0;
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
            JsonNode chunk = JSON.readTree(line.substring(6));
            if (chunk.path("usage").isObject()) usageChunks++;
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                if (delta.path("reasoning_content").isString()) {
                    reasoningBeforeContent &= content.isEmpty();
                    reasoning.append(delta.path("reasoning_content").asString());
                }
                if (delta.path("content").isString())
                    content.append(delta.path("content").asString());
            }
        }
        assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("<|");
        assertThat(content.toString()).isEqualTo(reference.path("content").asString());
        assertThat(reasoning.toString())
                .isEqualTo(reference.path("reasoning_content").asString());
        assertThat(reasoningBeforeContent).isTrue();
        assertThat(usageChunks).isEqualTo(1);
    }

    @Test
    @SuppressWarnings(
            "deprecation") // the SDK models no reasoning_content: its raw extra properties are the only way in
    void openAiClientSeesTheFinalAnswer() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(url + "/v1")
                .apiKey("unused")
                .build();
        try {
            ChatCompletion c = client.chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model("gpt-oss-20b")
                            .addUserMessage(reference
                                    .path("messages")
                                    .get(0)
                                    .path("content")
                                    .asString())
                            .build());
            assertThat(c.choices().get(0).message().content())
                    .contains(reference.path("content").asString());
            assertThat(c.choices()
                            .get(0)
                            .message()
                            ._additionalProperties()
                            .get("reasoning_content")
                            .toString())
                    .contains("I should reply politely");
        } finally {
            client.close();
        }
    }
}
