package io.sovereign.gateway.messages;

import static io.sovereign.gateway.messages.Json.assertJsonEquals;
import static io.sovereign.gateway.messages.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.error.AnthropicErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ChatToMessagesStreamTest {

    static final ReplyOptions SHOWN = ChatToMessagesTest.SHOWN;
    static final ReplyOptions OMITTED = ChatToMessagesTest.OMITTED;
    static final ReplyOptions NONE = ChatToMessagesTest.NONE;

    /** A chunk of the chat stream as local-inference and OpenAI send it. */
    static String chunk(String delta, String finish) {
        return "{'id':'chatcmpl-abc123','object':'chat.completion.chunk','model':'gpt-oss-20b','choices':[{'index':0,'delta':"
                + delta + ",'finish_reason':" + finish + "}]}";
    }

    static final String USAGE =
            "{'id':'chatcmpl-abc123','object':'chat.completion.chunk','model':'gpt-oss-20b','choices':[],"
                    + "'usage':{'prompt_tokens':20,'completion_tokens':5,'total_tokens':25}}";

    static List<SseEvent> run(ReplyOptions reply, List<String> chunks) {
        ChatToMessagesStream stream = new ChatToMessagesStream(reply, 17);
        List<SseEvent> events = new ArrayList<>();
        for (String c : chunks) {
            events.addAll(stream.onChunk(obj(c)));
        }
        events.addAll(stream.finish());
        return events;
    }

    @Test
    void emitsAnthropicsEventSequence() {
        List<SseEvent> events = run(
                SHOWN,
                List.of(
                        chunk("{'role':'assistant','content':''}", "null"),
                        chunk("{'reasoning_content':'Think '}", "null"),
                        chunk("{'reasoning_content':'first.'}", "null"),
                        chunk("{'content':'Hi'}", "null"),
                        chunk("{'content':'.'}", "null"),
                        chunk(
                                "{'tool_calls':[{'index':0,'id':'call_1','type':'function','function':{'name':'f','arguments':''}}]}",
                                "null"),
                        chunk("{'tool_calls':[{'index':0,'function':{'arguments':'{\"a\":'}}]}", "null"),
                        chunk("{'tool_calls':[{'index':0,'function':{'arguments':'1}'}}]}", "null"),
                        chunk("{}", "'tool_calls'"),
                        USAGE));
        List<String> lines = events.stream().map(e -> e.name() + " " + e.data()).toList();
        assertThat(lines)
                .containsExactly(
                        "message_start {\"type\":\"message_start\",\"message\":{\"id\":\"msg_abc123\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gpt-oss-20b\","
                                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":17,\"output_tokens\":0,"
                                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}}",
                        "ping {\"type\":\"ping\"}",
                        "content_block_start {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Think \"}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"first.\"}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\""
                                + ChatToMessagesTest.SIGNATURE + "\"}}",
                        "content_block_stop {\"type\":\"content_block_stop\",\"index\":0}",
                        "content_block_start {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\".\"}}",
                        "content_block_stop {\"type\":\"content_block_stop\",\"index\":1}",
                        "content_block_start {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"f\",\"input\":{}}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}",
                        "content_block_delta {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"1}\"}}",
                        "content_block_stop {\"type\":\"content_block_stop\",\"index\":2}",
                        "message_delta {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                                + "\"usage\":{\"input_tokens\":20,\"output_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}",
                        "message_stop {\"type\":\"message_stop\"}");
    }

    @Test
    void eachEventIsEmittedWithTheChunkThatCausedIt() {
        ChatToMessagesStream stream = new ChatToMessagesStream(NONE, 0);
        assertThat(stream.onChunk(obj(chunk("{'role':'assistant','content':''}", "null"))))
                .extracting(SseEvent::name)
                .containsExactly("message_start", "ping");
        assertThat(stream.onChunk(obj(chunk("{'content':'Hel'}", "null"))))
                .extracting(SseEvent::name)
                .containsExactly("content_block_start", "content_block_delta");
        assertThat(stream.onChunk(obj(chunk("{'content':'lo'}", "null"))))
                .extracting(SseEvent::name)
                .containsExactly("content_block_delta");
        assertThat(stream.onChunk(obj(chunk("{}", "'stop'")))).isEmpty(); // usage may still follow
        assertThat(stream.finish())
                .extracting(SseEvent::name)
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(stream.done()).isTrue();
        assertThat(stream.finish()).isEmpty();
        assertThat(stream.onChunk(obj(chunk("{'content':'late'}", "null")))).isEmpty();
    }

    /** Streams and the whole completion with the same content: the client must end up with the same message. */
    static Stream<Arguments> sameContent() {
        return Stream.of(
                Arguments.of(
                        "text",
                        NONE,
                        List.of(
                                chunk("{'role':'assistant','content':''}", "null"),
                                chunk("{'content':'Hello'}", "null"),
                                chunk("{'content':'!'}", "'stop'"),
                                USAGE),
                        ChatToMessagesTest.completion("{'role':'assistant','content':'Hello!'}", "'stop'", "")),
                Arguments.of(
                        "thinking shown",
                        SHOWN,
                        List.of(
                                chunk("{'reasoning_content':'Think '}", "null"),
                                chunk("{'reasoning_content':'first.'}", "null"),
                                chunk("{'content':'Hi.'}", "'stop'"),
                                USAGE),
                        ChatToMessagesTest.completion(
                                "{'role':'assistant','content':'Hi.','reasoning_content':'Think first.'}",
                                "'stop'",
                                "")),
                Arguments.of(
                        "thinking omitted",
                        OMITTED,
                        List.of(
                                chunk("{'reasoning_content':'Think '}", "null"),
                                chunk("{'reasoning_content':'first.'}", "null"),
                                chunk("{'content':'Hi.'}", "'stop'"),
                                USAGE),
                        ChatToMessagesTest.completion(
                                "{'role':'assistant','content':'Hi.','reasoning_content':'Think first.'}",
                                "'stop'",
                                "")),
                Arguments.of(
                        "thinking not asked for",
                        NONE,
                        List.of(
                                chunk("{'reasoning':'Think first.'}", "null"),
                                chunk("{'content':'Hi.'}", "'stop'"),
                                USAGE),
                        ChatToMessagesTest.completion(
                                "{'role':'assistant','content':'Hi.','reasoning':'Think first.'}", "'stop'", "")),
                Arguments.of(
                        "two tool calls, arguments in fragments",
                        NONE,
                        List.of(
                                chunk("{'content':'Checking.'}", "null"),
                                chunk(
                                        "{'tool_calls':[{'index':0,'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\"ci'}}]}",
                                        "null"),
                                chunk(
                                        "{'tool_calls':[{'index':0,'function':{'arguments':'ty\":\"Paris\"}'}}]}",
                                        "null"),
                                chunk(
                                        "{'tool_calls':[{'index':1,'id':'call_2','type':'function','function':{'name':'get_time','arguments':''}}]}",
                                        "null"),
                                chunk("{}", "'tool_calls'"),
                                USAGE),
                        ChatToMessagesTest.completion(
                                "{'role':'assistant','content':'Checking.','tool_calls':[{'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\"city\":\"Paris\"}'}},"
                                        + "{'id':'call_2','type':'function','function':{'name':'get_time','arguments':''}}]}",
                                "'tool_calls'",
                                "")),
                Arguments.of(
                        "max tokens",
                        NONE,
                        List.of(chunk("{'content':'Once upon'}", "'length'"), USAGE),
                        ChatToMessagesTest.completion("{'role':'assistant','content':'Once upon'}", "'length'", "")),
                Arguments.of(
                        "stop sequence named by the server",
                        SHOWN,
                        List.of(
                                "{'id':'chatcmpl-abc123','model':'gpt-oss-20b','choices':[{'index':0,'delta':{'content':'one two'},'finish_reason':'stop','stop_reason':'END'}]}",
                                USAGE),
                        ChatToMessagesTest.completion(
                                "{'role':'assistant','content':'one two'}", "'stop'", ",'stop_reason':'END'")),
                Arguments.of(
                        "refusal",
                        NONE,
                        List.of(chunk("{'refusal':'I cannot help with that.'}", "null"), chunk("{}", "'stop'"), USAGE),
                        ChatToMessagesTest.completion(
                                "{'role':'assistant','content':null,'refusal':'I cannot help with that.'}",
                                "'stop'",
                                "")),
                Arguments.of(
                        "empty",
                        NONE,
                        List.of(chunk("{'role':'assistant','content':''}", "'stop'"), USAGE),
                        ChatToMessagesTest.completion("{'role':'assistant','content':''}", "'stop'", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameContent")
    void streamedMessageEqualsTheWholeAnswer(String name, ReplyOptions reply, List<String> chunks, String completion) {
        ObjectNode streamed = accumulate(run(reply, chunks));
        ObjectNode whole = ChatToMessages.translate(obj(completion), reply);
        assertJsonEquals(streamed, whole.toString());
    }

    @Test
    void anUpstreamErrorMidStreamBecomesAnErrorEventAndEndsTheStream() {
        ChatToMessagesStream stream = new ChatToMessagesStream(NONE, 0);
        stream.onChunk(obj(chunk("{'content':'Hel'}", "null")));
        List<SseEvent> events = stream.onChunk(
                obj("{'error':{'message':'model overloaded, retry later','type':'server_error','code':'overloaded'}}"));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).name()).isEqualTo("error");
        assertJsonEquals(
                events.get(0).data(),
                "{'type':'error','error':{'type':'overloaded_error','message':'model overloaded, retry later'}}");
        assertThat(stream.finish()).isEmpty();
    }

    @Test
    void anErrorGivenAsPlainTextToo() {
        List<SseEvent> events = new ChatToMessagesStream(NONE, 0).onChunk(obj("{'error':'CUDA out of memory'}"));
        assertJsonEquals(
                events.get(0).data(), "{'type':'error','error':{'type':'api_error','message':'CUDA out of memory'}}");
    }

    @Test
    void aGatewaySideFailureIsOneErrorEvent() {
        ChatToMessagesStream stream = new ChatToMessagesStream(NONE, 0);
        stream.onChunk(obj(chunk("{'content':'Hel'}", "null")));
        List<SseEvent> events = stream.fail(AnthropicErrors.typeFor(504), "The target did not answer within 60 s.");
        assertJsonEquals(
                events.get(0).data(),
                "{'type':'error','error':{'type':'timeout_error','message':'The target did not answer within 60 s.'}}");
        assertThat(stream.fail("api_error", "again")).isEmpty();
        assertThat(stream.done()).isTrue();
    }

    @Test
    void anEmptyUpstreamStreamStillGivesAWellFormedMessage() {
        List<SseEvent> events = run(new ReplyOptions("claude-x", List.of(), ReplyOptions.Thinking.NONE), List.of());
        assertThat(events)
                .extracting(SseEvent::name)
                .containsExactly("message_start", "ping", "message_delta", "message_stop");
        ObjectNode message = accumulate(events);
        assertThat(message.path("model").asString()).isEqualTo("claude-x");
        assertThat(message.path("stop_reason").asString()).isEqualTo("end_turn");
        assertJsonEquals(
                message.get("usage"),
                "{'input_tokens':17,'output_tokens':0,'cache_creation_input_tokens':0,'cache_read_input_tokens':0}");
    }

    @Test
    void aServerThatGoesBackToTextAfterAToolCallGetsANewBlock() {
        ObjectNode message = accumulate(run(
                NONE,
                List.of(
                        chunk(
                                "{'tool_calls':[{'index':0,'id':'c1','function':{'name':'f','arguments':'{}'}}]}",
                                "null"),
                        chunk("{'content':'after'}", "'tool_calls'"))));
        assertThat(message.path("content"))
                .extracting(b -> b.path("type").asString())
                .containsExactly("tool_use", "text");
    }

    @Test
    void interleavedParallelToolCallArgumentsFailTheStreamRatherThanCorruptACall() {
        ChatToMessagesStream stream = new ChatToMessagesStream(NONE, 0);
        stream.onChunk(obj(
                chunk("{'tool_calls':[{'index':0,'id':'c1','function':{'name':'f','arguments':'{\"a\":'}}]}", "null")));
        stream.onChunk(
                obj(chunk("{'tool_calls':[{'index':1,'id':'c2','function':{'name':'g','arguments':'{}'}}]}", "null")));
        List<SseEvent> events =
                stream.onChunk(obj(chunk("{'tool_calls':[{'index':0,'function':{'arguments':'1}'}}]}", "null")));
        assertThat(events).extracting(SseEvent::name).containsExactly("error");
        assertThat(events.get(0).data().path("error").path("message").asString())
                .contains("retry the request without streaming");
        assertThat(stream.done()).isTrue();
        assertThat(stream.finish()).isEmpty();
    }

    @Test
    void severalToolCallsInOneChunkEachGetTheirBlock() {
        ObjectNode message = accumulate(run(
                NONE,
                List.of(chunk(
                        "{'tool_calls':[{'index':0,'id':'c1','function':{'name':'f','arguments':'{}'}},"
                                + "{'index':1,'id':'c2','function':{'name':'g','arguments':'{\"x\":2}'}}]}",
                        "'tool_calls'"))));
        assertJsonEquals(
                message.get("content"),
                "[{'type':'tool_use','id':'c1','name':'f','input':{}},{'type':'tool_use','id':'c2','name':'g','input':{'x':2}}]");
    }

    @Test
    void wireFormat() {
        SseEvent ping = new ChatToMessagesStream(NONE, 0).ping();
        assertThat(new String(ping.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }

    /**
     * What an Anthropic client builds from the events (as the SDKs' stream accumulators do), checking on the way
     * that the sequence is well formed: one message_start first, blocks opened in index order, deltas only to the
     * open block, each block stopped before the next starts, message_stop last.
     */
    static ObjectNode accumulate(List<SseEvent> events) {
        assertThat(events.get(0).name()).isEqualTo("message_start");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("message_stop");
        ObjectNode message = (ObjectNode) events.get(0).data().get("message").deepCopy();
        StringBuilder json = new StringBuilder();
        int open = -1;
        for (SseEvent e : events.subList(1, events.size() - 1)) {
            ObjectNode d = e.data();
            assertThat(d.path("type").asString()).isEqualTo(e.name());
            switch (e.name()) {
                case "ping" -> {}
                case "content_block_start" -> {
                    assertThat(open).as("a block is still open").isEqualTo(-1);
                    assertThat(d.path("index").asInt())
                            .isEqualTo(message.path("content").size());
                    open = d.path("index").asInt();
                    message.withArray("content").add(d.get("content_block").deepCopy());
                    json.setLength(0);
                }
                case "content_block_delta" -> {
                    assertThat(d.path("index").asInt()).isEqualTo(open);
                    ObjectNode block = (ObjectNode) message.path("content").get(open);
                    JsonNode delta = d.get("delta");
                    switch (delta.path("type").asString()) {
                        case "text_delta" ->
                            block.put(
                                    "text",
                                    block.path("text").asString()
                                            + delta.path("text").asString());
                        case "thinking_delta" ->
                            block.put(
                                    "thinking",
                                    block.path("thinking").asString()
                                            + delta.path("thinking").asString());
                        case "signature_delta" ->
                            block.put("signature", delta.path("signature").asString());
                        case "input_json_delta" ->
                            json.append(delta.path("partial_json").asString());
                        default -> throw new AssertionError("unknown delta " + delta);
                    }
                }
                case "content_block_stop" -> {
                    assertThat(d.path("index").asInt()).isEqualTo(open);
                    ObjectNode block = (ObjectNode) message.path("content").get(open);
                    if (block.path("type").asString().equals("tool_use")) {
                        block.set("input", json.isEmpty() ? obj("{}") : Json.LENIENT.readTree(json.toString()));
                    }
                    open = -1;
                }
                case "message_delta" -> {
                    assertThat(open).as("a block is still open").isEqualTo(-1);
                    message.set("stop_reason", d.path("delta").get("stop_reason"));
                    message.set("stop_sequence", d.path("delta").get("stop_sequence"));
                    d.get("usage").properties().forEach(u -> message.withObject("usage")
                            .set(u.getKey(), u.getValue()));
                }
                default -> throw new AssertionError("unexpected event " + e.name());
            }
        }
        return message;
    }
}
