package io.sovereign.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway, just works: chat, stream, embeddings, models, errors. */
@GatewayTest(hostedOSeries = true)
class OpenAiJavaClientIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;
    static OpenAIClient client;

    @BeforeAll
    static void client() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl() + "/v1")
                .apiKey(GatewayHarness.ALICE_KEY)
                .maxRetries(0)
                .build();
    }

    @Test
    @SuppressWarnings("deprecation") // max_tokens on purpose: what older callers send, which the gateway translates
    void chat() {
        ChatCompletion c = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("o3-mini")
                        .addUserMessage("Name three rivers in Europe.")
                        .maxTokens(40)
                        .temperature(0.3)
                        .build());
        assertThat(c.choices().get(0).message().content()).contains("Hello from hosted");
        assertThat(c.usage().orElseThrow().totalTokens())
                .isEqualTo(OpenAiStub.PROMPT_TOKENS + OpenAiStub.COMPLETION_TOKENS);
    }

    @Test
    void stream() {
        List<String> parts = new ArrayList<>();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("auto")
                .addUserMessage("Name three rivers in Europe.")
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        long usageChunks;
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            List<ChatCompletionChunk> chunks = s.stream().toList();
            chunks.forEach(ch ->
                    ch.choices().forEach(choice -> choice.delta().content().ifPresent(parts::add)));
            usageChunks = chunks.stream().filter(ch -> ch.usage().isPresent()).count();
        }
        assertThat(String.join("", parts)).contains("Hello from hosted");
        assertThat(usageChunks).isEqualTo(1);
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse r = client.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("auto")
                        .inputOfArrayOfStrings(List.of("a", "b"))
                        .build());
        assertThat(r.data()).hasSize(2);
    }

    @Test
    void models() {
        assertThat(client.models().list().data()).extracting(m -> m.id()).contains("auto", "gpt-oss-20b", "o3-mini");
    }

    @Test
    void errorsMapToTheSdksExceptions() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("no-such-model")
                                .addUserMessage("x")
                                .build()))
                .isInstanceOf(NotFoundException.class);
        OpenAIClient bad = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl() + "/v1")
                .apiKey("sk-wrong")
                .maxRetries(0)
                .build();
        assertThatThrownBy(() -> bad.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("auto")
                                .addUserMessage("x")
                                .build()))
                .isInstanceOf(UnauthorizedException.class);
    }
}
