package io.sovereign.gateway.messages;

import static io.sovereign.gateway.messages.Json.assertJsonEquals;
import static io.sovereign.gateway.messages.Json.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The translators on what real clients sent (recorded by .ci/record-anthropic-fixtures.sh: Claude Code 2.1.328,
 * anthropic 1.13.0 for Python, @anthropic-ai/sdk 1.15.0), so a client's actual wire shape, not our reading of
 * the docs, is what is tested.
 */
class RealClientFixturesTest {

    private static BridgedRequest translate(String fixture) {
        return MessagesToChat.translate((ObjectNode) fixture(fixture).get("body"));
    }

    private static List<String> roles(JsonNode chat) {
        List<String> roles = new ArrayList<>();
        chat.path("messages").forEach(m -> roles.add(m.path("role").asString()));
        return roles;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "claude-code/plain-turn.json",
                "claude-code/tool-result-turn.json",
                "claude-code/non-streaming-retry.json"
            })
    void claudeCodeRequestsTranslate(String name) {
        ObjectNode recorded = fixture(name);
        assertThat(recorded.path("path").asString()).isEqualTo("/v1/messages");
        assertThat(recorded.path("query").path("beta").asString()).isEqualTo("true");
        assertThat(recorded.path("headers").path("anthropic-version").asString())
                .isEqualTo("2023-06-01");
        assertThat(recorded.path("headers").path("authorization").asString()).startsWith("Bearer ");

        BridgedRequest bridged = translate(name);
        JsonNode chat = bridged.chat();
        assertThat(chat.path("model").asString()).isEqualTo("claude-opus-5-5");
        // system: 3 text blocks, the billing marker dropped, the rest one system message first
        JsonNode system = chat.path("messages").get(0);
        assertThat(system.path("role").asString()).isEqualTo("system");
        assertThat(system.path("content").asString())
                .startsWith("You are a Claude agent")
                .doesNotContain("x-anthropic-billing-header");
        // the role "system" turn Claude Code puts after the first user turn stays there
        assertThat(roles(chat).subList(0, 3)).containsExactly("system", "user", "system");
        assertThat(chat.path("messages").get(2).path("content").asString()).startsWith("# Environment");
        assertThat(chat.path("messages").get(1).path("content").asString())
                .contains("Co-Authored-By: Claude Opus 5.5 <noreply@anthropic.com>");

        JsonNode tools = chat.path("tools");
        assertThat(tools.size()).isEqualTo(12);
        for (JsonNode tool : tools) {
            assertThat(tool.path("type").asString()).isEqualTo("function");
            assertThat(tool.path("function").path("parameters").has("$schema")).isFalse();
            assertThat(tool.path("function").has("defer_loading")).isFalse();
        }
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("function").path("name").asString()));
        assertThat(names).contains("Bash", "Read", "Write", "Edit", "DeferredToolPlaceholder");

        assertThat(chat.path("reasoning_effort").asString()).isEqualTo("medium"); // output_config.effort
        assertThat(bridged.reply().thinking()).isEqualTo(ReplyOptions.Thinking.OMITTED); // thinking.display omitted
        assertThat(chat.path("user").asString()).startsWith("{\"device_id\":");
        assertThat(bridged.ignored()).containsExactly("system.0 (x-anthropic-billing-header)", "context_management");
        assertThat(chat.has("cache_control")).isFalse();
    }

    @Test
    void claudeCodeStreamsWith128kAndFallsBackWithoutStreamAt64k() {
        BridgedRequest streamed = translate("claude-code/plain-turn.json");
        assertThat(streamed.stream()).isTrue();
        assertJsonEquals(streamed.chat().path("stream_options"), "{'include_usage':true}");
        assertThat(streamed.chat().path("max_tokens").asLong()).isEqualTo(128000);

        BridgedRequest retry = translate("claude-code/non-streaming-retry.json");
        assertThat(retry.stream()).isFalse();
        assertThat(retry.chat().has("stream_options")).isFalse();
        assertThat(retry.chat().path("max_tokens").asLong()).isEqualTo(64000);
    }

    @Test
    void claudeCodeToolResultBecomesAToolMessageAnsweringTheCall() {
        JsonNode messages =
                translate("claude-code/tool-result-turn.json").chat().path("messages");
        JsonNode assistant = messages.get(messages.size() - 2);
        JsonNode tool = messages.get(messages.size() - 1);
        assertThat(assistant.path("role").asString()).isEqualTo("assistant");
        JsonNode call = assistant.path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asString()).isEqualTo("Read");
        assertThat(call.path("function").path("arguments").asString()).contains("hello.txt");
        assertThat(tool.path("role").asString()).isEqualTo("tool");
        assertThat(tool.path("tool_call_id").asString())
                .isEqualTo(call.path("id").asString());
        assertThat(tool.path("content").asString()).isEqualTo("1\thello-file-content\n2\t");
    }

    @Test
    void pythonSdkPlainCall() {
        ObjectNode recorded = fixture("python-sdk/plain.json");
        assertThat(recorded.path("headers").path("x-api-key").asString()).isEqualTo("<redacted>");
        BridgedRequest bridged = translate("python-sdk/plain.json");
        assertJsonEquals(
                bridged.chat(),
                "{'model':'claude-opus-5-5','messages':[{'role':'system','content':'You answer briefly.'},"
                        + "{'role':'user','content':'Say hello'}],'max_tokens':256,'stop':['\\n\\nHuman:'],'temperature':0.2,'top_p':0.9,'user':'user-123'}");
        assertThat(bridged.ignored()).containsExactly("top_k");
        assertThat(bridged.reply().stopSequences()).containsExactly("\n\nHuman:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python-sdk/stream.json", "node-sdk/stream.json"})
    void sdkStreams(String name) {
        BridgedRequest bridged = translate(name);
        assertJsonEquals(
                bridged.chat(),
                "{'model':'claude-opus-5-5','messages':[{'role':'user','content':'"
                        + (name.startsWith("node") ? "Say hello" : "Count to three")
                        + "'}],'max_tokens':256,'stream':true,'stream_options':{'include_usage':true}}");
    }

    @Test
    void pythonSdkToolsAndToolResult() {
        JsonNode first = translate("python-sdk/tools.json").chat();
        assertJsonEquals(
                first.path("tools"),
                "[{'type':'function','function':{'name':'get_weather','description':'Current weather for a city.',"
                        + "'parameters':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}}}]");
        assertThat(first.path("tool_choice").asString()).isEqualTo("auto");

        JsonNode second = translate("python-sdk/tool-result.json").chat();
        assertThat(second.path("tool_choice").asString()).isEqualTo("required");
        assertJsonEquals(
                second.path("messages"),
                "[{'role':'user','content':'Weather in Paris?'},"
                        + "{'role':'assistant','content':'Let me look.','tool_calls':[{'id':'toolu_01','type':'function','function':{'name':'get_weather','arguments':'{\"city\":\"Paris\"}'}}]},"
                        + "{'role':'tool','tool_call_id':'toolu_01','content':'[tool error] weather service unreachable'},"
                        + "{'role':'user','content':'Try again later?'}]");
    }

    @Test
    void pythonSdkThinkingBudget() {
        BridgedRequest bridged = translate("python-sdk/thinking.json");
        assertThat(bridged.chat().path("reasoning_effort").asString()).isEqualTo("low"); // budget 2048
        assertThat(bridged.reply().thinking()).isEqualTo(ReplyOptions.Thinking.SHOWN);
    }

    @Test
    void pythonSdkImagesAndDocuments() {
        JsonNode parts = translate("python-sdk/multimodal.json")
                .chat()
                .path("messages")
                .get(0)
                .path("content");
        List<String> types = new ArrayList<>();
        parts.forEach(p -> types.add(p.path("type").asString()));
        assertThat(types).containsExactly("image_url", "file", "text", "image_url", "text");
        assertThat(parts.get(0).path("image_url").path("url").asString())
                .startsWith("data:image/png;base64,iVBORw0KGgo");
        assertThat(parts.get(1).path("file").path("filename").asString()).isEqualTo("memo.pdf");
        assertThat(parts.get(1).path("file").path("file_data").asString())
                .startsWith("data:application/pdf;base64,JVBERi0");
        assertThat(parts.get(2).path("text").asString()).isEqualTo("plain notes");
        assertThat(parts.get(3).path("image_url").path("url").asString()).isEqualTo("https://example.com/cat.png");
    }

    @Test
    void pythonSdkCountTokens() {
        ObjectNode recorded = fixture("python-sdk/count-tokens.json");
        assertThat(recorded.path("path").asString()).isEqualTo("/v1/messages/count_tokens");
        BridgedRequest bridged = MessagesToChat.translateForCount((ObjectNode) recorded.get("body"));
        assertThat(roles(bridged.chat())).containsExactly("system", "user");
        assertThat(bridged.chat().path("tools").size()).isEqualTo(1);
        assertThat(bridged.chat().has("max_tokens")).isFalse();
    }
}
