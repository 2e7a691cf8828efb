package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ResponsesToChat.ChatRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ResponsesToChatTest {

    /** name, Responses request, stored history, the chat body expected (exactly). */
    static Stream<Arguments> translations() {
        return Stream.of(
                Arguments.of("string input with instructions and sampling", """
                        {"model":"auto","instructions":"Be brief.","input":"Hi","temperature":0.2,"top_p":0.9,
                         "max_output_tokens":100,"user":"u1","metadata":{"k":"v"},"store":true,"include":["reasoning.encrypted_content"],
                         "prompt_cache_key":"pk","truncation":"auto"}""", "[]", """
                        {"model":"auto","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
                         "max_completion_tokens":100,"temperature":0.2,"top_p":0.9,"user":"u1"}"""),
                Arguments.of(
                        "easy messages without type, developer and system roles, string and part content",
                        """
                        {"model":"m","input":[{"role":"developer","content":"rules"},{"role":"system","content":[{"type":"input_text","text":"sys"}]},
                         {"role":"user","content":[{"type":"input_text","text":"look"},{"type":"input_image","image_url":"data:image/png;base64,AAA","detail":"low"},
                         {"type":"input_file","file_data":"data:application/pdf;base64,JVBER","filename":"a.pdf"}]}]}""",
                        "[]",
                        """
                        {"model":"m","messages":[{"role":"developer","content":"rules"},{"role":"system","content":[{"type":"text","text":"sys"}]},
                         {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAA","detail":"low"}},
                         {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBER","filename":"a.pdf"}}]}]}"""),
                Arguments.of(
                        "assistant history with reasoning, output_text and parallel function calls, then outputs",
                        """
                        {"model":"m","input":[{"type":"message","role":"user","content":"weather?"},
                         {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"need tools"}],"encrypted_content":"xyz"},
                         {"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"Checking.","annotations":[]}]},
                         {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                         {"type":"function_call","call_id":"c2","name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"},
                         {"type":"function_call_output","call_id":"c1","output":"18C"},
                         {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"2"},{"type":"input_text","text":"0C"}]},
                         {"role":"user","content":"thanks"}]}""",
                        "[]",
                        """
                        {"model":"m","messages":[{"role":"user","content":"weather?"},
                         {"role":"assistant","content":"Checking.","tool_calls":[
                           {"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                           {"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}],
                          "reasoning_content":"need tools"},
                         {"role":"tool","tool_call_id":"c1","content":"18C"},{"role":"tool","tool_call_id":"c2","content":"20C"},
                         {"role":"user","content":"thanks"}]}"""),
                Arguments.of(
                        "stored history comes first, instructions before it; reasoning alone (encrypted only) is dropped",
                        """
                        {"model":"m","instructions":"I","input":[{"type":"function_call_output","call_id":"c9","output":"done"}],"previous_response_id":"resp_1"}""",
                        """
                        [{"type":"message","role":"user","content":[{"type":"input_text","text":"do it"}]},
                         {"type":"reasoning","id":"rs_x","summary":[],"encrypted_content":"opaque"},
                         {"type":"function_call","id":"fc_1","call_id":"c9","name":"run","arguments":"{}","status":"completed"}]""",
                        """
                        {"model":"m","messages":[{"role":"system","content":"I"},{"role":"user","content":[{"type":"text","text":"do it"}]},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"c9","type":"function","function":{"name":"run","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"c9","content":"done"}]}"""),
                Arguments.of(
                        "custom tool call and its output become a function call with one input argument",
                        """
                        {"model":"m","input":[{"role":"user","content":"patch"},
                         {"type":"custom_tool_call","call_id":"p1","name":"apply_patch","input":"*** Begin Patch\\n*** End Patch\\n"},
                         {"type":"custom_tool_call_output","call_id":"p1","output":"ok"}]}""",
                        "[]",
                        """
                        {"model":"m","messages":[{"role":"user","content":"patch"},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"p1","type":"function","function":{"name":"apply_patch",
                           "arguments":"{\\"input\\":\\"*** Begin Patch\\\\n*** End Patch\\\\n\\"}"}}]},
                         {"role":"tool","tool_call_id":"p1","content":"ok"}]}"""),
                Arguments.of("an image returned by a tool follows the tool messages as a user message", """
                        {"model":"m","input":[{"role":"user","content":"see"},
                         {"type":"function_call","call_id":"v1","name":"view_image","arguments":"{}"},
                         {"type":"function_call_output","call_id":"v1","output":[{"type":"input_image","image_url":"data:image/png;base64,BBB"}]},
                         {"role":"user","content":"what is it?"}]}""", "[]", """
                        {"model":"m","messages":[{"role":"user","content":"see"},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"v1","type":"function","function":{"name":"view_image","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"v1","content":"(the tool's result follows in the next message)"},
                         {"role":"user","content":[{"type":"text","text":"Returned by tool call v1:"},{"type":"image_url","image_url":{"url":"data:image/png;base64,BBB"}}]},
                         {"role":"user","content":"what is it?"}]}"""),
                Arguments.of("item_reference resolves to a stored item", """
                        {"model":"m","input":[{"type":"item_reference","id":"msg_old"},{"role":"user","content":"again"}]}""", """
                        [{"type":"message","id":"msg_old","role":"user","content":"earlier"}]""", """
                        {"model":"m","messages":[{"role":"user","content":"earlier"},{"role":"user","content":"earlier"},{"role":"user","content":"again"}]}"""),
                Arguments.of("hosted call items are left out", """
                        {"model":"m","input":[{"role":"user","content":"q"},{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"x"}},
                         {"type":"message","role":"assistant","content":[{"type":"output_text","text":"found"}]}]}""", "[]", """
                        {"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"found"}]}"""),
                Arguments.of(
                        "function tools, strict kept, tool_choice by name, parallel_tool_calls, streaming asks for usage",
                        """
                        {"model":"m","input":"x","stream":true,"parallel_tool_calls":false,"tool_choice":{"type":"function","name":"f"},
                         "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object","properties":{}},"strict":true},
                                  {"type":"function","name":"g"}]}""",
                        "[]",
                        """
                        {"model":"m","messages":[{"role":"user","content":"x"}],
                         "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{}},"strict":true}},
                                  {"type":"function","function":{"name":"g","parameters":{"type":"object","properties":{}}}}],
                         "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false,
                         "stream":true,"stream_options":{"include_usage":true}}"""),
                Arguments.of("allowed_tools narrows the tool list", """
                        {"model":"m","input":"x","tool_choice":{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"g"}]},
                         "tools":[{"type":"function","name":"f"},{"type":"function","name":"g"}]}""", "[]", """
                        {"model":"m","messages":[{"role":"user","content":"x"}],
                         "tools":[{"type":"function","function":{"name":"g","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required"}"""),
                Arguments.of(
                        "json_schema text format, reasoning effort (summary stays with the gateway)", """
                        {"model":"m","input":"x","reasoning":{"effort":"high","summary":"auto"},
                         "text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true,"description":"d"},"verbosity":"low"}}""", "[]", """
                        {"model":"m","messages":[{"role":"user","content":"x"}],
                         "response_format":{"type":"json_schema","json_schema":{"name":"out","description":"d","schema":{"type":"object"},"strict":true}},
                         "reasoning_effort":"high"}"""),
                Arguments.of("json_object and text formats", """
                        {"model":"m","input":"x","text":{"format":{"type":"json_object"}}}""", "[]", """
                        {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}"""),
                Arguments.of(
                        "only hosted tools: no tools, no tool_choice, no parallel_tool_calls upstream",
                        """
                        {"model":"m","input":"x","tools":[{"type":"web_search"},{"type":"file_search","vector_store_ids":["vs"]}],"tool_choice":"auto","parallel_tool_calls":true}""",
                        "[]",
                        """
                        {"model":"m","messages":[{"role":"user","content":"x"}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void translates(String name, String request, String history, String expected) {
        ChatRequest chat = ResponsesToChat.translate(Json.obj(request), Json.list(history));
        assertThat(chat.body()).isEqualTo(Json.node(expected));
    }

    @Test
    void hostedToolsAreDroppedAndReported() {
        ChatRequest chat = ResponsesToChat.translate(Json.obj("""
                {"model":"m","input":[{"role":"user","content":"x"},{"type":"web_search_call","id":"ws","action":{}},{"type":"mcp_list_tools","id":"l"}],
                 "tool_choice":{"type":"web_search_preview"},
                 "tools":[{"type":"function","name":"f"},{"type":"web_search"},{"type":"code_interpreter","container":{"type":"auto"}},
                          {"type":"image_generation"},{"type":"mcp","server_label":"s"},{"type":"local_shell"},{"type":"web_search"}]}"""), List.of());
        assertThat(chat.droppedTools())
                .containsExactly(
                        "web_search",
                        "code_interpreter",
                        "image_generation",
                        "mcp",
                        "local_shell",
                        "tool_choice:web_search_preview");
        assertThat(chat.droppedItems()).containsExactly("web_search_call", "mcp_list_tools");
        assertThat(chat.droppedSummary())
                .isEqualTo("web_search, code_interpreter, image_generation, mcp, local_shell, "
                        + "tool_choice:web_search_preview, item:web_search_call, item:mcp_list_tools");
        assertThat(chat.body().has("tool_choice")).isFalse();
        assertThat(chat.body().get("tools")).hasSize(1);
    }

    @Test
    void nothingDroppedMeansNoHeader() {
        assertThat(ResponsesToChat.translate(Json.obj("{\"model\":\"m\",\"input\":\"x\"}"), List.of())
                        .droppedSummary())
                .isNull();
    }

    @Test
    void namespaceFunctionsAndCustomToolsAreFlatFunctionsThatMapBack() {
        ChatRequest chat = ResponsesToChat.translate(Json.obj("""
                {"model":"m","input":[{"role":"user","content":"x"},
                  {"type":"function_call","call_id":"c1","name":"list_agents","namespace":"collaboration","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"[]"}],
                 "tool_choice":{"type":"function","name":"spawn_agent","namespace":"collaboration"},
                 "tools":[{"type":"namespace","name":"collaboration","description":"Agents.","tools":[
                     {"type":"function","name":"list_agents","parameters":{"type":"object","properties":{}}},
                     {"type":"function","name":"spawn_agent","description":"Spawn."}]},
                   {"type":"custom","name":"apply_patch","description":"Edit files.","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
                   {"type":"custom","name":"note"}]}"""), List.of());
        JsonNode tools = chat.body().get("tools");
        assertThat(tools)
                .extracting(t -> t.path("function").path("name").asString())
                .containsExactly("collaboration__list_agents", "collaboration__spawn_agent", "apply_patch", "note");
        assertThat(tools.get(1).path("function").path("description").asString())
                .isEqualTo("Spawn.\n\n(collaboration: Agents.)");
        assertThat(tools.get(2).path("function").path("parameters")).isEqualTo(Json.node("""
                {"type":"object","properties":{"input":{"type":"string","description":
                 "The tool's whole input as one raw string (it is passed on verbatim, not parsed). It must match this lark grammar:\\nstart: x"}},
                 "required":["input"],"additionalProperties":false}"""));
        assertThat(tools.get(3)
                        .path("function")
                        .path("parameters")
                        .path("properties")
                        .path("input")
                        .path("description")
                        .asString())
                .doesNotContain("grammar");
        assertThat(chat.body().path("tool_choice"))
                .isEqualTo(Json.node("{\"type\":\"function\",\"function\":{\"name\":\"collaboration__spawn_agent\"}}"));
        assertThat(chat.body()
                        .path("messages")
                        .get(1)
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("name")
                        .asString())
                .isEqualTo("collaboration__list_agents");
        ToolNames names = chat.toolNames();
        assertThat(names.tool("collaboration__spawn_agent"))
                .isEqualTo(new ToolNames.Tool(ToolNames.Kind.FUNCTION, "collaboration", "spawn_agent"));
        assertThat(names.tool("apply_patch")).isEqualTo(new ToolNames.Tool(ToolNames.Kind.CUSTOM, null, "apply_patch"));
        assertThat(names.tool("undeclared")).isEqualTo(new ToolNames.Tool(ToolNames.Kind.FUNCTION, null, "undeclared"));
    }

    @Test
    void additionalToolsItemsDeclareTools() {
        ChatRequest chat = ResponsesToChat.translate(Json.obj("""
                {"model":"m","input":[{"type":"additional_tools","id":"at_1","role":"developer","tools":[
                   {"type":"namespace","name":"functions","description":"","tools":[{"type":"custom","name":"exec"},{"type":"function","name":"wait"}]}]},
                  {"role":"user","content":"x"}]}"""), List.of());
        assertThat(chat.body().get("tools"))
                .extracting(t -> t.path("function").path("name").asString())
                .containsExactly("functions__exec", "functions__wait");
        assertThat(chat.toolNames().tool("functions__exec"))
                .isEqualTo(new ToolNames.Tool(ToolNames.Kind.CUSTOM, "functions", "exec"));
        assertThat(chat.body().get("messages")).hasSize(1);
    }

    @Test
    void neverForwardsGatewayOwnedFields() {
        ChatRequest chat = ResponsesToChat.translate(Json.obj("""
                {"model":"m","input":"x","store":false,"metadata":{"a":"b"},"include":["message.output_text.logprobs"],"previous_response_id":"resp_1",
                 "prompt_cache_key":"k","client_metadata":{"session":"s"},"truncation":"auto","service_tier":"auto","reasoning":{"summary":"auto"}}"""), List.of());
        assertThat(chat.body().propertyNames()).containsExactly("model", "messages");
    }
}
