package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ResponsesToChat.ChatRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The translators on what real clients sent (recorded by .ci/lib/record_responses_fixtures.py from
 * codex exec 0.169.0 and openai-python 3.22.1; see src/test/resources/responses/README.md).
 */
class RecordedClientsTest {

    private static final Set<String> CHAT_FIELDS = Set.of(
            "model",
            "messages",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "response_format",
            "reasoning_effort",
            "max_completion_tokens",
            "temperature",
            "top_p",
            "user",
            "stream",
            "stream_options");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "codex-default-model-1",
                "codex-function-call-1",
                "codex-function-call-2",
                "codex-custom-tool-1",
                "codex-custom-tool-2",
                "codex-namespace-call-1",
                "codex-namespace-call-2",
                "openai-python-plain-1",
                "openai-python-stream-1",
                "openai-python-tools-1"
            })
    void everyRecordedRequestTranslatesToAValidChatRequest(String fixture) {
        ChatRequest chat = ResponsesToChat.translate(Json.fixtureBody(fixture), List.of());
        assertThat(CHAT_FIELDS).containsAll(chat.body().propertyNames());
        for (JsonNode tool : chat.body().path("tools")) {
            assertThat(tool.path("function").path("name").asString()).matches("[a-zA-Z0-9_-]{1,64}");
        }
        for (JsonNode m : chat.body().get("messages")) {
            assertThat(m.get("role").asString()).isIn("system", "developer", "user", "assistant", "tool");
        }
    }

    @Test
    void codexDefaultModelDeclaresItsToolsInAnAdditionalToolsItem() {
        ObjectNode request = Json.fixtureBody("codex-default-model-1");
        ChatRequest chat = ResponsesToChat.translate(request, List.of());
        ObjectNode body = chat.body();
        assertThat(body.get("model").asString()).isEqualTo("gpt-6.1-sol");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.get("reasoning_effort").asString()).isEqualTo("low");
        assertThat(body.get("tools"))
                .extracting(t -> t.path("function").path("name").asString())
                .contains(
                        "functions__exec",
                        "functions__wait",
                        "clock__sleep",
                        "collaboration__spawn_agent",
                        "collaboration__wait_agent");
        assertThat(chat.toolNames().tool("functions__exec"))
                .isEqualTo(new ToolNames.Tool(ToolNames.Kind.CUSTOM, "functions", "exec"));
        JsonNode exec = body.get("tools").get(0).get("function");
        assertThat(exec.path("parameters")
                        .path("properties")
                        .path("input")
                        .path("description")
                        .asString())
                .contains("lark grammar", "PRAGMA_LINE");
        // the system prompt is Codex's first developer message; the prompt is the last user message
        JsonNode messages = body.get("messages");
        assertThat(messages.get(0).get("role").asString()).isEqualTo("developer");
        assertThat(messages.get(0).get("content").get(0).get("text").asString()).startsWith("You are Codex");
        assertThat(messages.get(messages.size() - 1)
                        .get("content")
                        .get(0)
                        .get("text")
                        .asString())
                .isEqualTo("Say hi");
        assertThat(chat.droppedSummary()).isNull();
    }

    @Test
    void codexWithNamespaceAndWebSearchTools() {
        ObjectNode request = Json.fixtureBody("codex-function-call-1");
        assertThat(request.get("tools"))
                .extracting(t -> t.get("type").asString())
                .containsOnly("function", "namespace", "web_search");
        ChatRequest chat = ResponsesToChat.translate(request, List.of());
        assertThat(chat.droppedTools()).containsExactly("web_search");
        assertThat(chat.body().get("tools"))
                .extracting(t -> t.path("function").path("name").asString())
                .containsExactly(
                        "exec_command",
                        "write_stdin",
                        "request_user_input",
                        "view_image",
                        "multi_agent_v1__close_agent",
                        "multi_agent_v1__resume_agent",
                        "multi_agent_v1__send_input",
                        "multi_agent_v1__spawn_agent",
                        "multi_agent_v1__wait_agent",
                        "get_goal",
                        "create_goal",
                        "update_goal");
        assertThat(chat.body().get("tool_choice").asString()).isEqualTo("auto");
        assertThat(chat.body().has("reasoning_effort"))
                .as("Codex sent only reasoning.summary")
                .isFalse();
    }

    @Test
    void codexFunctionCallRoundTrip() {
        // turn 1: the model calls exec_command; what the gateway returns must be what Codex replays in turn 2
        ObjectNode first = Json.fixtureBody("codex-function-call-1");
        ChatRequest chat = ResponsesToChat.translate(first, List.of());
        ObjectNode response = ChatToResponses.translate(first, chat.toolNames(), Json.obj("""
                {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_rec000001","type":"function",
                  "function":{"name":"exec_command","arguments":"{\\"cmd\\":\\"echo hi\\"}"}}]},"finish_reason":"tool_calls"}]}"""), "resp_t1", 1L);
        JsonNode call = response.get("output").get(0);
        JsonNode replayed = item(Json.fixtureBody("codex-function-call-2"), "function_call");
        for (String field : List.of("type", "name", "arguments", "call_id")) {
            assertThat(call.get(field)).as(field).isEqualTo(replayed.get(field));
        }
        // turn 2 (Codex resends everything, store=false): the call and its output become tool_calls + a tool message
        JsonNode messages = ResponsesToChat.translate(Json.fixtureBody("codex-function-call-2"), List.of())
                .body()
                .get("messages");
        JsonNode assistant = messages.get(messages.size() - 2);
        assertThat(assistant
                        .get("tool_calls")
                        .get(0)
                        .get("function")
                        .get("name")
                        .asString())
                .isEqualTo("exec_command");
        JsonNode tool = messages.get(messages.size() - 1);
        assertThat(tool.get("role").asString()).isEqualTo("tool");
        assertThat(tool.get("tool_call_id").asString()).isEqualTo("call_rec000001");
        assertThat(tool.get("content").asString()).contains("Output:\nhi");
    }

    @Test
    void codexApplyPatchIsAFreeformToolBothWays() {
        ObjectNode first = Json.fixtureBody("codex-custom-tool-1");
        ChatRequest chat = ResponsesToChat.translate(first, List.of());
        assertThat(chat.droppedTools()).containsExactly("tool_search", "web_search");
        JsonNode applyPatch = null;
        for (JsonNode t : chat.body().get("tools")) {
            if (t.path("function").path("name").asString().equals("apply_patch")) {
                applyPatch = t.get("function");
            }
        }
        assertThat(applyPatch).isNotNull();
        assertThat(applyPatch.path("parameters").path("required")).isEqualTo(Json.node("[\"input\"]"));
        assertThat(applyPatch
                        .path("parameters")
                        .path("properties")
                        .path("input")
                        .path("description")
                        .asString())
                .contains("*** Begin Patch");

        String patch = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n";
        String arguments = Json.MAPPER.createObjectNode().put("input", patch).toString();
        ObjectNode completion =
                Json.obj("{\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"call_rec000001\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"apply_patch\"}}]},\"finish_reason\":\"tool_calls\"}]}");
        ((ObjectNode) completion.at("/choices/0/message/tool_calls/0/function")).put("arguments", arguments);
        JsonNode call = ChatToResponses.translate(first, chat.toolNames(), completion, "resp_t1", 1L)
                .get("output")
                .get(0);
        JsonNode replayed = item(Json.fixtureBody("codex-custom-tool-2"), "custom_tool_call");
        for (String field : List.of("type", "name", "input", "call_id")) {
            assertThat(call.get(field)).as(field).isEqualTo(replayed.get(field));
        }
        JsonNode messages = ResponsesToChat.translate(Json.fixtureBody("codex-custom-tool-2"), List.of())
                .body()
                .get("messages");
        JsonNode replayedCall =
                messages.get(messages.size() - 2).get("tool_calls").get(0).get("function");
        assertThat(replayedCall.get("arguments").asString()).isEqualTo(arguments);
        assertThat(messages.get(messages.size() - 1).get("content").asString()).contains("patch rejected");
    }

    @Test
    void codexNamespacedCallRoundTrip() {
        ObjectNode first = Json.fixtureBody("codex-namespace-call-1");
        ChatRequest chat = ResponsesToChat.translate(first, List.of());
        JsonNode call = ChatToResponses.translate(first, chat.toolNames(), Json.obj("""
                {"choices":[{"message":{"tool_calls":[{"id":"call_rec000001","type":"function",
                  "function":{"name":"collaboration__list_agents","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}"""), "resp_t1", 1L)
                .get("output")
                .get(0);
        JsonNode replayed = item(Json.fixtureBody("codex-namespace-call-2"), "function_call");
        for (String field : List.of("type", "name", "namespace", "arguments", "call_id")) {
            assertThat(call.get(field)).as(field).isEqualTo(replayed.get(field));
        }
        JsonNode messages = ResponsesToChat.translate(Json.fixtureBody("codex-namespace-call-2"), List.of())
                .body()
                .get("messages");
        assertThat(messages.get(messages.size() - 2)
                        .get("tool_calls")
                        .get(0)
                        .get("function")
                        .get("name")
                        .asString())
                .isEqualTo("collaboration__list_agents");
    }

    @Test
    void openaiPythonPlainStreamAndTools() {
        ObjectNode plain = ResponsesToChat.translate(Json.fixtureBody("openai-python-plain-1"), List.of())
                .body();
        assertThat(plain).isEqualTo(Json.node("""
                {"model":"auto","messages":[{"role":"system","content":"Answer briefly."},{"role":"user","content":"Say hi"}],
                 "max_completion_tokens":64,"temperature":0.2}"""));

        ObjectNode stream = ResponsesToChat.translate(Json.fixtureBody("openai-python-stream-1"), List.of())
                .body();
        assertThat(stream.path("response_format")
                        .path("json_schema")
                        .path("name")
                        .asString())
                .isEqualTo("greeting");
        assertThat(stream.get("reasoning_effort").asString()).isEqualTo("low");
        assertThat(stream.path("stream_options").path("include_usage").asBoolean())
                .isTrue();

        ObjectNode first = Json.fixtureBody("openai-python-tools-1");
        ChatRequest chat = ResponsesToChat.translate(first, List.of());
        assertThat(chat.body().get("parallel_tool_calls").asBoolean()).isFalse();
        ObjectNode response = ChatToResponses.translate(first, chat.toolNames(), Json.obj("""
                {"choices":[{"message":{"tool_calls":[{"id":"call_rec000001","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}]}"""), "resp_rec000001", 1L);
        // turn 2 names only previous_response_id and the output: the stored turn (its input and output) is the history
        List<JsonNode> history = List.of(
                Json.node("{\"type\":\"message\",\"role\":\"user\",\"content\":\"Weather in Paris?\"}"),
                response.get("output").get(0));
        ObjectNode second = ResponsesToChat.translate(Json.fixtureBody("openai-python-tools-2"), history)
                .body();
        assertThat(second.get("messages")).isEqualTo(Json.node("""
                [{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_rec000001","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_rec000001","content":"18C, sunny"}]"""));
    }

    private static JsonNode item(ObjectNode request, String type) {
        for (JsonNode item : request.get("input")) {
            if (type.equals(item.path("type").asString())) {
                return item;
            }
        }
        throw new AssertionError("no " + type + " item in the recorded request");
    }
}
