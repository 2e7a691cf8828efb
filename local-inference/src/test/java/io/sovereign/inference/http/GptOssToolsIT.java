package io.sovereign.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.inference.LocalInferenceServer;
import io.sovereign.inference.TinyGptOss;
import io.sovereign.inference.config.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool-call round trip in harmony, end to end: the official gpt-oss template, the real o200k_harmony tokenizer and a
 * scripted model (models/tiny-gpt-oss-tools) that calls get_weather and then answers from its result. The caller sees
 * OpenAI tool_calls (whole and as stream deltas), finish_reason tool_calls, reasoning_content, and never markup.
 */
class GptOssToolsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalInferenceServer server;
    static JsonNode reference;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Path template = TinyGptOss.officialTemplate();
        // CI has shared/ beside the clone: a test that cannot read the template fails, it is never skipped
        Assertions.assertNotNull(
                template,
                "the official gpt-oss template is absent (clone the project beside shared/, as CI does): "
                        + TinyGptOss.OFFICIAL_TEMPLATE.toAbsolutePath().normalize());
        Path dir = TinyGptOss.modelDir("tiny-gpt-oss-tools", template);
        reference = JSON.readTree(dir.resolve("reference.json").toFile());
        server = new LocalInferenceServer(ServerOptions.parse(
                "--model-dir", dir.toString(), "--port", "0", "--served-model-name", "gpt-oss-20b", "--threads", "1"));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static ObjectNode request(boolean stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "gpt-oss-20b");
        body.put("stream", stream);
        body.set("tools", reference.path("tools"));
        body.set("messages", reference.path("turns").get(0).path("messages"));
        return body;
    }

    static HttpResponse<String> post(JsonNode body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void toolCallThenAnswerFromItsResult() throws Exception {
        HttpResponse<String> first = post(request(false));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(first.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("reasoning_content").asString())
                .isEqualTo(reference.path("reasoning_1").asString());
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asString()).startsWith("call_");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asString())
                .isEqualTo(reference.path("tool_call").path("arguments").asString());
        assertThat(first.body()).doesNotContain("<|");

        // the caller runs the tool and sends the assistant message back as it got it, plus the tool's answer
        ObjectNode second = request(false);
        ArrayNode messages = ((ArrayNode) second.path("messages")).deepCopy();
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        assistant.set("tool_calls", message.path("tool_calls"));
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", call.path("id").asString())
                .put("content", reference.path("tool_result").asString());
        second.set("messages", messages);
        HttpResponse<String> answer = post(second);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode done = JSON.readTree(answer.body()).path("choices").get(0);
        assertThat(done.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(done.path("message").path("content").asString())
                .isEqualTo(reference.path("content_2").asString());
        assertThat(done.path("message").path("reasoning_content").asString())
                .isEqualTo(reference.path("reasoning_2").asString());
        assertThat(done.path("message").has("tool_calls")).isFalse();
        assertThat(JSON.readTree(answer.body())
                        .path("usage")
                        .path("prompt_tokens")
                        .asInt())
                .isEqualTo(reference.path("turns").get(1).path("prompt_tokens").asInt());
    }

    @Test
    void toolCallStreamsAsDeltas() throws Exception {
        HttpResponse<String> r = post(request(true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("<|");
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) chunks.add(JSON.readTree(line.substring(6)));
        }
        StringBuilder arguments = new StringBuilder();
        String name = null;
        String id = null;
        String finish = null;
        int deltas = 0;
        for (JsonNode c : chunks) {
            JsonNode choice = c.path("choices").get(0);
            if (choice == null) continue;
            for (JsonNode tc : choice.path("delta").path("tool_calls")) {
                assertThat(tc.path("index").asInt()).isZero();
                if (tc.has("id")) id = tc.path("id").asString();
                if (tc.path("function").has("name"))
                    name = tc.path("function").path("name").asString();
                arguments.append(tc.path("function").path("arguments").asString(""));
                deltas++;
            }
            if (choice.path("finish_reason").isString())
                finish = choice.path("finish_reason").asString();
        }
        assertThat(id).startsWith("call_");
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments.toString())
                .isEqualTo(reference.path("tool_call").path("arguments").asString());
        assertThat(deltas).as("the arguments arrive in several deltas").isGreaterThan(2);
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void badToolRequestsAreClear400s() throws Exception {
        ObjectNode required = request(false);
        required.put("tool_choice", "required");
        HttpResponse<String> r = post(required);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").path("param").asString())
                .isEqualTo("tool_choice");

        ObjectNode effort = request(false);
        effort.put("reasoning_effort", "extreme");
        r = post(effort);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").path("param").asString())
                .isEqualTo("reasoning_effort");

        ObjectNode badArgs = request(false);
        ArrayNode messages = ((ArrayNode) badArgs.path("messages")).deepCopy();
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant
                .putArray("tool_calls")
                .addObject()
                .put("id", "c1")
                .put("type", "function")
                .putObject("function")
                .put("name", "get_weather")
                .put("arguments", "{not json");
        badArgs.set("messages", messages);
        r = post(badArgs);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").path("param").asString())
                .isEqualTo("messages[1].tool_calls[0].function.arguments");
    }
}
