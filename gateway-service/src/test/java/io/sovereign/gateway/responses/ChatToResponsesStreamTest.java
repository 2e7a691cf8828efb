package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ChatToResponsesStreamTest {

    static final String ID = "resp_s1";
    static final long CREATED = 1700000000L;
    static final String REQUEST = """
            {"model":"auto","input":"x","stream":true,"max_output_tokens":64,"tools":[{"type":"function","name":"get_weather"},
              {"type":"namespace","name":"collaboration","tools":[{"type":"function","name":"list_agents"}]},
              {"type":"custom","name":"apply_patch"}]}""";

    /** name, the upstream chunks, the same content as one chat completion, the event types expected. */
    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of(
                        "text with usage",
                        """
                        [{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]},
                         {"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]},
                         {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]},
                         {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]},
                         {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}]""",
                        """
                        {"choices":[{"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""",
                        List.of(
                                "response.created",
                                "response.in_progress",
                                "response.output_item.added",
                                "response.content_part.added",
                                "response.output_text.delta",
                                "response.output_text.delta",
                                "response.output_text.done",
                                "response.content_part.done",
                                "response.output_item.done",
                                "response.completed")),
                Arguments.of(
                        "reasoning content, then text",
                        """
                        [{"choices":[{"delta":{"reasoning_content":"Let me "}}]},
                         {"choices":[{"delta":{"reasoning_content":"think."}}]},
                         {"choices":[{"delta":{"content":"42"}}]},
                         {"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}]""",
                        """
                        {"choices":[{"message":{"content":"42","reasoning_content":"Let me think."},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}""",
                        List.of(
                                "response.created",
                                "response.in_progress",
                                "response.output_item.added",
                                "response.reasoning_summary_part.added",
                                "response.reasoning_summary_text.delta",
                                "response.reasoning_summary_text.delta",
                                "response.reasoning_summary_text.done",
                                "response.reasoning_summary_part.done",
                                "response.output_item.done",
                                "response.output_item.added",
                                "response.content_part.added",
                                "response.output_text.delta",
                                "response.output_text.done",
                                "response.content_part.done",
                                "response.output_item.done",
                                "response.completed")),
                Arguments.of(
                        "parallel tool calls with interleaved argument deltas, one namespaced",
                        """
                        [{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"collaboration__list_agents","arguments":"{"}}]}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":1,"function":{"arguments":"}"}}]}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]}}]},
                         {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}]""",
                        """
                        {"choices":[{"message":{"content":null,"tool_calls":[
                          {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                          {"id":"call_b","type":"function","function":{"name":"collaboration__list_agents","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""",
                        List.of(
                                "response.created",
                                "response.in_progress",
                                "response.output_item.added",
                                "response.output_item.added",
                                "response.function_call_arguments.delta",
                                "response.function_call_arguments.delta",
                                "response.function_call_arguments.delta",
                                "response.function_call_arguments.delta",
                                "response.function_call_arguments.done",
                                "response.output_item.done",
                                "response.function_call_arguments.done",
                                "response.output_item.done",
                                "response.completed")),
                Arguments.of(
                        "text, then a custom tool call streamed as input deltas",
                        """
                        [{"choices":[{"delta":{"content":"Patching."}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_p","type":"function","function":{"name":"apply_patch","arguments":"{\\"inp"}}]}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ut\\": \\"*** Begin Patch\\\\n"}}]}}]},
                         {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"*** End Patch\\\\n\\"}"}}]}}]},
                         {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}]""",
                        """
                        {"choices":[{"message":{"content":"Patching.","tool_calls":[
                          {"id":"call_p","type":"function","function":{"name":"apply_patch","arguments":"{\\"input\\": \\"*** Begin Patch\\\\n*** End Patch\\\\n\\"}"}}]},
                          "finish_reason":"tool_calls"}]}""",
                        List.of(
                                "response.created",
                                "response.in_progress",
                                "response.output_item.added",
                                "response.content_part.added",
                                "response.output_text.delta",
                                "response.output_text.done",
                                "response.content_part.done",
                                "response.output_item.done",
                                "response.output_item.added",
                                "response.custom_tool_call_input.delta",
                                "response.custom_tool_call_input.delta",
                                "response.custom_tool_call_input.done",
                                "response.output_item.done",
                                "response.completed")),
                Arguments.of(
                        "cut at the output cap",
                        """
                        [{"choices":[{"delta":{"content":"Hel"}}]},{"choices":[{"delta":{},"finish_reason":"length"}]}]""",
                        """
                        {"choices":[{"message":{"content":"Hel"},"finish_reason":"length"}]}""",
                        List.of(
                                "response.created",
                                "response.in_progress",
                                "response.output_item.added",
                                "response.content_part.added",
                                "response.output_text.delta",
                                "response.output_text.done",
                                "response.content_part.done",
                                "response.output_item.done",
                                "response.incomplete")),
                Arguments.of(
                        "a refusal",
                        """
                        [{"choices":[{"delta":{"refusal":"I can't"}}]},{"choices":[{"delta":{"refusal":" help."},"finish_reason":"stop"}]}]""",
                        """
                        {"choices":[{"message":{"content":null,"refusal":"I can't help."},"finish_reason":"stop"}]}""",
                        List.of(
                                "response.created",
                                "response.in_progress",
                                "response.output_item.added",
                                "response.content_part.added",
                                "response.refusal.delta",
                                "response.refusal.delta",
                                "response.refusal.done",
                                "response.content_part.done",
                                "response.output_item.done",
                                "response.completed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void translatesChunkByChunkAndEndsWithWhatTheNonStreamedTranslationBuilds(
            String name, String chunks, String completion, List<String> types) {
        ToolNames names =
                ResponsesToChat.translate(Json.obj(REQUEST), List.of()).toolNames();
        ChatToResponsesStream stream = new ChatToResponsesStream(Json.obj(REQUEST), names, ID, CREATED);
        List<ObjectNode> events = new ArrayList<>(stream.start());
        for (JsonNode chunk : Json.list(chunks)) {
            events.addAll(stream.onChunk(chunk));
        }
        events.addAll(stream.end());

        assertThat(events).extracting(e -> e.get("type").asString()).containsExactlyElementsOf(types);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("sequence_number").asLong()).isEqualTo(i);
        }
        JsonNode expected = ChatToResponses.translate(Json.obj(REQUEST), names, Json.obj(completion), ID, CREATED);
        assertThat(events.get(events.size() - 1).get("response")).isEqualTo(expected);
        // every item's done event carries the item the final response lists at that output index
        for (ObjectNode e : events) {
            if (e.get("type").asString().equals("response.output_item.done")) {
                assertThat(e.get("item"))
                        .isEqualTo(
                                expected.get("output").get(e.get("output_index").asInt()));
            }
        }
        assertThat(stream.end()).as("a second end sends nothing").isEmpty();
    }

    @Test
    void eachChunkYieldsItsDeltaAtOnce() {
        ChatToResponsesStream stream = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED);
        assertThat(stream.start())
                .extracting(e -> e.get("type").asString())
                .containsExactly("response.created", "response.in_progress");
        assertThat(stream.onChunk(Json.node("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}")))
                .extracting(e -> e.get("type").asString())
                .containsExactly(
                        "response.output_item.added", "response.content_part.added", "response.output_text.delta");
        List<ObjectNode> second = stream.onChunk(Json.node("{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}"));
        assertThat(second).hasSize(1);
        assertThat(second.get(0).get("delta").asString()).isEqualTo("b");
        assertThat(second.get(0).get("item_id").asString()).isEqualTo("msg_s1_0");
        assertThat(second.get(0).get("sequence_number").asLong()).isEqualTo(5);
    }

    @Test
    void startedEventsCarryAnInProgressResponseWithoutOutput() {
        List<ObjectNode> start = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED).start();
        JsonNode created = start.get(0).get("response");
        assertThat(created.get("id").asString()).isEqualTo(ID);
        assertThat(created.get("status").asString()).isEqualTo("in_progress");
        assertThat(created.get("output")).isEmpty();
        assertThat(created.get("usage").isNull()).isTrue();
        assertThat(created.get("max_output_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void argumentsThatArriveBeforeTheNameGoOutWhenTheCallIsNamed() {
        ChatToResponsesStream stream = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED);
        stream.start();
        assertThat(
                        stream.onChunk(
                                Json.node(
                                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}}]}")))
                .isEmpty();
        List<ObjectNode> named = stream.onChunk(
                Json.node(
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\":1}\"}}]}}]}"));
        assertThat(named)
                .extracting(e -> e.get("type").asString())
                .containsExactly("response.output_item.added", "response.function_call_arguments.delta");
        assertThat(named.get(1).get("delta").asString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aCustomCallWhoseModelSkippedTheJsonWrapperIsSettledWhenItsArgumentsEnd() {
        ToolNames names =
                ResponsesToChat.translate(Json.obj(REQUEST), List.of()).toolNames();
        ChatToResponsesStream stream = new ChatToResponsesStream(Json.obj(REQUEST), names, ID, CREATED);
        stream.start();
        assertThat(
                        stream.onChunk(
                                Json.node(
                                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"apply_patch\",\"arguments\":\"*** Begin\"}}]}}]}")))
                .extracting(e -> e.get("type").asString())
                .containsExactly("response.output_item.added");
        assertThat(
                        stream.onChunk(
                                Json.node(
                                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" Patch\"}}]}}]}")))
                .as("not JSON: nothing can be streamed safely")
                .isEmpty();
        List<ObjectNode> done =
                stream.onChunk(Json.node("{\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}"));
        assertThat(done)
                .extracting(e -> e.get("type").asString())
                .containsExactly(
                        "response.custom_tool_call_input.delta",
                        "response.custom_tool_call_input.done",
                        "response.output_item.done");
        assertThat(done.get(0).get("delta").asString()).isEqualTo("*** Begin Patch");
        assertThat(done.get(2).get("item").get("input").asString()).isEqualTo("*** Begin Patch");
    }

    @Test
    void anErrorChunkMidStreamFailsTheResponseWithWhatWasProduced() {
        ChatToResponsesStream stream = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED);
        stream.onChunk(Json.node("{\"choices\":[{\"delta\":{\"content\":\"par\"}}]}"));
        List<ObjectNode> failed = stream.onChunk(
                Json.node("{\"error\":{\"message\":\"generation failed: out of memory\",\"type\":\"server_error\"}}"));
        assertThat(failed).extracting(e -> e.get("type").asString()).containsExactly("response.failed");
        JsonNode response = failed.get(0).get("response");
        assertThat(response.get("status").asString()).isEqualTo("failed");
        assertThat(response.get("error"))
                .isEqualTo(Json.node("{\"code\":\"server_error\",\"message\":\"generation failed: out of memory\"}"));
        assertThat(response.get("output").get(0).get("type").asString()).isEqualTo("message");
        assertThat(stream.onChunk(Json.node("{\"choices\":[{\"delta\":{\"content\":\"more\"}}]}")))
                .isEmpty();
        assertThat(stream.end()).isEmpty();
    }

    @Test
    void anUpstreamThatDiesGetsFailedOrAnErrorEvent() {
        ChatToResponsesStream died = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED);
        died.onChunk(Json.node("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}"));
        List<ObjectNode> failed = died.fail("the upstream closed the connection mid-stream");
        assertThat(failed.get(0).get("type").asString()).isEqualTo("response.failed");
        assertThat(failed.get(0).get("sequence_number").asLong()).isEqualTo(5);

        ChatToResponsesStream refused = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED);
        refused.start();
        ObjectNode error = refused.error("upstream_timeout", "the upstream did not answer in time", null)
                .get(0);
        assertThat(Json.node(error.toString()))
                .isEqualTo(Json.node("{\"type\":\"error\",\"sequence_number\":2,\"code\":\"upstream_timeout\","
                        + "\"message\":\"the upstream did not answer in time\",\"param\":null}"));
        assertThat(refused.end()).isEmpty();
    }

    @Test
    void framesEventsAsSse() {
        ObjectNode event = Json.obj("{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"delta\":\"hi\"}");
        assertThat(ChatToResponsesStream.sse(event))
                .isEqualTo("event: response.output_text.delta\ndata: "
                        + "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"delta\":\"hi\"}\n\n");
    }

    @Test
    void keepsTheUsageForSettlingAnAbandonedStream() {
        ChatToResponsesStream stream = new ChatToResponsesStream(Json.obj(REQUEST), new ToolNames(), ID, CREATED);
        assertThat(stream.chatUsage()).isNull();
        stream.onChunk(Json.node("{\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}"));
        assertThat(stream.chatUsage().get("prompt_tokens").asInt()).isEqualTo(4);
    }
}
