package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.responses.ResponsesToChat.ChatRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ChatToResponsesTest {

    static final String ID = "resp_abc";
    static final String TOOLS_REQUEST = """
            {"model":"auto","input":"x","tools":[{"type":"function","name":"get_weather"},
              {"type":"namespace","name":"collaboration","tools":[{"type":"function","name":"list_agents"}]},
              {"type":"custom","name":"apply_patch"},{"type":"web_search"}]}""";

    /** name, chat completion, the output items expected, status, incomplete_details. */
    static Stream<Arguments> completions() {
        return Stream.of(
                Arguments.of("text", """
                        {"choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}]}""", """
                        [{"id":"msg_abc_0","type":"message","status":"completed","role":"assistant",
                          "content":[{"type":"output_text","text":"Hello","annotations":[],"logprobs":[]}]}]""", "completed", "null"),
                Arguments.of(
                        "reasoning content becomes a reasoning item before the message", """
                        {"choices":[{"message":{"role":"assistant","content":"42","reasoning_content":"think"},"finish_reason":"stop"}]}""", """
                        [{"id":"rs_abc_0","type":"reasoning","summary":[{"type":"summary_text","text":"think"}]},
                         {"id":"msg_abc_1","type":"message","status":"completed","role":"assistant",
                          "content":[{"type":"output_text","text":"42","annotations":[],"logprobs":[]}]}]""", "completed", "null"),
                Arguments.of("'reasoning' field (newer vLLM) too", """
                        {"choices":[{"message":{"role":"assistant","content":null,"reasoning":"r"},"finish_reason":"stop"}]}""", """
                        [{"id":"rs_abc_0","type":"reasoning","summary":[{"type":"summary_text","text":"r"}]}]""", "completed", "null"),
                Arguments.of(
                        "length cut: incomplete, max_output_tokens",
                        """
                        {"choices":[{"message":{"role":"assistant","content":"Hel"},"finish_reason":"length"}]}""",
                        """
                        [{"id":"msg_abc_0","type":"message","status":"incomplete","role":"assistant",
                          "content":[{"type":"output_text","text":"Hel","annotations":[],"logprobs":[]}]}]""",
                        "incomplete",
                        "{\"reason\":\"max_output_tokens\"}"),
                Arguments.of("content filter", """
                        {"choices":[{"message":{"role":"assistant","content":"","refusal":"no"},"finish_reason":"content_filter"}]}""", """
                        [{"id":"msg_abc_0","type":"message","status":"incomplete","role":"assistant","content":[{"type":"refusal","refusal":"no"}]}]""", "incomplete", "{\"reason\":\"content_filter\"}"),
                Arguments.of(
                        "tool calls map back: function, namespaced function, custom tool",
                        """
                        {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
                          {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                          {"id":"call_2","type":"function","function":{"name":"collaboration__list_agents","arguments":"{}"}},
                          {"id":"call_3","type":"function","function":{"name":"apply_patch","arguments":"{\\"input\\":\\"*** Begin Patch\\\\n\\"}"}}]},
                          "finish_reason":"tool_calls"}]}""",
                        """
                        [{"id":"fc_abc_0","type":"function_call","status":"completed","arguments":"{\\"city\\":\\"Paris\\"}","call_id":"call_1","name":"get_weather"},
                         {"id":"fc_abc_1","type":"function_call","status":"completed","arguments":"{}","call_id":"call_2","name":"list_agents","namespace":"collaboration"},
                         {"id":"ctc_abc_2","type":"custom_tool_call","status":"completed","call_id":"call_3","name":"apply_patch","input":"*** Begin Patch\\n"}]""",
                        "completed",
                        "null"),
                Arguments.of(
                        "a custom tool call whose model skipped the JSON wrapper keeps the raw text; a missing call id is derived",
                        """
                        {"choices":[{"message":{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"apply_patch","arguments":"*** Begin Patch"}}]},
                          "finish_reason":"tool_calls"}]}""",
                        """
                        [{"id":"ctc_abc_0","type":"custom_tool_call","status":"completed","call_id":"call_abc_0","name":"apply_patch","input":"*** Begin Patch"}]""",
                        "completed",
                        "null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completions")
    void translates(String name, String completion, String output, String status, String incomplete) {
        ChatRequest chat = ResponsesToChat.translate(Json.obj(TOOLS_REQUEST), List.of());
        ObjectNode response = ChatToResponses.translate(
                Json.obj(TOOLS_REQUEST), chat.toolNames(), Json.obj(completion), ID, 1700000000L);
        assertThat(response.get("output")).isEqualTo(Json.node(output));
        assertThat(response.get("status").asString()).isEqualTo(status);
        assertThat(response.get("incomplete_details")).isEqualTo(Json.node(incomplete));
    }

    @Test
    void echoesTheRequestAndMapsUsage() {
        String request = """
                {"model":"auto","instructions":"Be brief.","input":"x","max_output_tokens":64,"temperature":0.2,"top_p":0.5,
                 "metadata":{"ticket":"T-1"},"previous_response_id":"resp_prev","store":false,"parallel_tool_calls":false,
                 "tool_choice":"required","tools":[{"type":"function","name":"f"}],"reasoning":{"effort":"low","summary":"auto"},
                 "text":{"format":{"type":"json_object"}},"user":"u","prompt_cache_key":"k"}""";
        ObjectNode response =
                ChatToResponses.translate(Json.obj(request), new ToolNames(), Json.obj("""
                {"choices":[{"message":{"content":"{}"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":4},
                          "completion_tokens_details":{"reasoning_tokens":3}}}"""), ID, 1700000000L);
        response.remove("output");
        assertThat(Json.node(response.toString())).as("as the client reads it").isEqualTo(Json.node("""
                {"id":"resp_abc","object":"response","created_at":1700000000,"status":"completed","background":false,"error":null,
                 "incomplete_details":null,"instructions":"Be brief.","max_output_tokens":64,"max_tool_calls":null,"model":"auto",
                 "parallel_tool_calls":false,"previous_response_id":"resp_prev","prompt_cache_key":"k","reasoning":{"effort":"low","summary":"auto"},
                 "safety_identifier":null,"service_tier":"default","store":false,"temperature":0.2,
                 "text":{"format":{"type":"json_object"},"verbosity":"medium"},"tool_choice":"required","tools":[{"type":"function","name":"f"}],
                 "top_logprobs":0,"top_p":0.5,"truncation":"disabled",
                 "usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":4},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":3},"total_tokens":27},
                 "user":"u","metadata":{"ticket":"T-1"}}"""));
    }

    @Test
    void defaultsWhereTheRequestIsSilent() {
        ObjectNode response = ChatToResponses.translate(
                Json.obj("{\"model\":\"m\",\"input\":\"x\"}"),
                new ToolNames(),
                Json.obj("{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"),
                ID,
                1L);
        assertThat(response.get("usage").isNull()).isTrue();
        assertThat(response.get("store").asBoolean()).isTrue();
        assertThat(response.get("parallel_tool_calls").asBoolean()).isTrue();
        assertThat(response.get("tool_choice").asString()).isEqualTo("auto");
        assertThat(response.get("tools")).isEmpty();
        assertThat(response.get("metadata")).isEmpty();
        assertThat(response.get("text"))
                .isEqualTo(Json.node("{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"}"));
        assertThat(response.get("instructions").isNull()).isTrue();
        assertThat(response.get("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void totalTokensAreSummedWhenTheUpstreamLeavesThemOut() {
        JsonNode usage = ResponseShape.usage(Json.node("{\"prompt_tokens\":5,\"completion_tokens\":2}"));
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void aCompletionWithoutChoicesIsAnUpstreamFault() {
        assertThatThrownBy(() -> ChatToResponses.translate(
                        Json.obj("{\"model\":\"m\"}"),
                        new ToolNames(),
                        Json.obj("{\"object\":\"chat.completion\"}"),
                        ID,
                        1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no choices");
    }
}
