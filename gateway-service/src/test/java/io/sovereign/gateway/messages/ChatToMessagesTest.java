package io.sovereign.gateway.messages;

import static io.sovereign.gateway.messages.Json.assertJsonEquals;
import static io.sovereign.gateway.messages.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatToMessagesTest {

    static final ReplyOptions SHOWN = new ReplyOptions("claude-x", List.of("END"), ReplyOptions.Thinking.SHOWN);
    static final ReplyOptions OMITTED = new ReplyOptions("claude-x", List.of(), ReplyOptions.Thinking.OMITTED);
    static final ReplyOptions NONE = new ReplyOptions("claude-x", List.of(), ReplyOptions.Thinking.NONE);
    /** sha256("Think first.") */
    static final String SIGNATURE = "gateway-sha256:503185a85bd9c759e9ac03db774179ae1ace7b170311b6bc13b12126c0a4846b";

    static String completion(String message, String finish, String extra) {
        return "{'id':'chatcmpl-abc123','object':'chat.completion','model':'gpt-oss-20b','choices':[{'index':0,'message':"
                + message + ",'finish_reason':" + finish + extra
                + "}],'usage':{'prompt_tokens':20,'completion_tokens':5,'total_tokens':25}}";
    }

    static String response(String content, String stopReason, String stopSequence) {
        return "{'id':'msg_abc123','type':'message','role':'assistant','model':'gpt-oss-20b','content':" + content
                + ",'stop_reason':'" + stopReason + "','stop_sequence':" + stopSequence
                + ",'usage':{'input_tokens':20,'output_tokens':5,'cache_creation_input_tokens':0,'cache_read_input_tokens':0}}";
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(
                        "text, stop -> end_turn",
                        NONE,
                        completion("{'role':'assistant','content':'Hello!'}", "'stop'", ""),
                        response("[{'type':'text','text':'Hello!'}]", "end_turn", "null")),
                Arguments.of(
                        "reasoning first as a signed thinking block",
                        SHOWN,
                        completion(
                                "{'role':'assistant','content':'Hi.','reasoning_content':'Think first.'}",
                                "'stop'",
                                ""),
                        response(
                                "[{'type':'thinking','thinking':'Think first.','signature':'" + SIGNATURE
                                        + "'},{'type':'text','text':'Hi.'}]",
                                "end_turn",
                                "null")),
                Arguments.of(
                        "'reasoning' (vLLM, Ollama) counts as reasoning too",
                        SHOWN,
                        completion("{'role':'assistant','content':'Hi.','reasoning':'Think first.'}", "'stop'", ""),
                        response(
                                "[{'type':'thinking','thinking':'Think first.','signature':'" + SIGNATURE
                                        + "'},{'type':'text','text':'Hi.'}]",
                                "end_turn",
                                "null")),
                Arguments.of(
                        "display omitted: the block keeps only its signature",
                        OMITTED,
                        completion(
                                "{'role':'assistant','content':'Hi.','reasoning_content':'Think first.'}",
                                "'stop'",
                                ""),
                        response(
                                "[{'type':'thinking','thinking':'','signature':'" + SIGNATURE
                                        + "'},{'type':'text','text':'Hi.'}]",
                                "end_turn",
                                "null")),
                Arguments.of(
                        "thinking not asked for: reasoning dropped, content[0] is the text",
                        NONE,
                        completion(
                                "{'role':'assistant','content':'Hi.','reasoning_content':'Think first.'}",
                                "'stop'",
                                ""),
                        response("[{'type':'text','text':'Hi.'}]", "end_turn", "null")),
                Arguments.of(
                        "tool calls -> tool_use blocks after the text, arguments parsed",
                        NONE,
                        completion(
                                "{'role':'assistant','content':'Checking.','tool_calls':[{'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\"city\":\"Paris\"}'}},"
                                        + "{'id':'call_2','type':'function','function':{'name':'get_time','arguments':''}}]}",
                                "'tool_calls'",
                                ""),
                        response(
                                "[{'type':'text','text':'Checking.'},{'type':'tool_use','id':'call_1','name':'get_weather','input':{'city':'Paris'}},"
                                        + "{'type':'tool_use','id':'call_2','name':'get_time','input':{}}]",
                                "tool_use",
                                "null")),
                Arguments.of(
                        "broken JSON arguments kept raw; a null content gives no text block",
                        NONE,
                        completion(
                                "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function','function':{'name':'f','arguments':'{\"a\": 1'}}]}",
                                "'tool_calls'",
                                ""),
                        response(
                                "[{'type':'tool_use','id':'call_1','name':'f','input':{'_raw_arguments':'{\"a\": 1'}}]",
                                "tool_use",
                                "null")),
                Arguments.of(
                        "arguments that are JSON but not an object are kept raw too",
                        NONE,
                        completion(
                                "{'role':'assistant','tool_calls':[{'id':'call_1','type':'function','function':{'name':'f','arguments':'[1,2]'}}]}",
                                "'tool_calls'",
                                ""),
                        response(
                                "[{'type':'tool_use','id':'call_1','name':'f','input':{'_raw_arguments':'[1,2]'}}]",
                                "tool_use",
                                "null")),
                Arguments.of(
                        "a server that finishes a tool call with 'stop' still means tool_use",
                        NONE,
                        completion(
                                "{'role':'assistant','tool_calls':[{'id':'call_1','type':'function','function':{'name':'f','arguments':'{}'}}]}",
                                "'stop'",
                                ""),
                        response("[{'type':'tool_use','id':'call_1','name':'f','input':{}}]", "tool_use", "null")),
                Arguments.of(
                        "length -> max_tokens",
                        NONE,
                        completion("{'role':'assistant','content':'Once upon'}", "'length'", ""),
                        response("[{'type':'text','text':'Once upon'}]", "max_tokens", "null")),
                Arguments.of(
                        "a requested stop sequence the server names (vLLM stop_reason) -> stop_sequence",
                        SHOWN,
                        completion("{'role':'assistant','content':'one two'}", "'stop'", ",'stop_reason':'END'"),
                        response("[{'type':'text','text':'one two'}]", "stop_sequence", "'END'")),
                Arguments.of(
                        "a stop string that was not requested (e.g. an end token) stays end_turn",
                        SHOWN,
                        completion("{'role':'assistant','content':'one two'}", "'stop'", ",'stop_reason':'<|end|>'"),
                        response("[{'type':'text','text':'one two'}]", "end_turn", "null")),
                Arguments.of(
                        "content_filter -> refusal; OpenAI's refusal text becomes the text",
                        NONE,
                        completion(
                                "{'role':'assistant','content':null,'refusal':'I cannot help with that.'}",
                                "'stop'",
                                ""),
                        response("[{'type':'text','text':'I cannot help with that.'}]", "refusal", "null")),
                Arguments.of(
                        "content as an array of text parts",
                        NONE,
                        completion(
                                "{'role':'assistant','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]}",
                                "'stop'",
                                ""),
                        response("[{'type':'text','text':'ab'}]", "end_turn", "null")),
                Arguments.of(
                        "an empty answer has no blocks",
                        NONE,
                        completion("{'role':'assistant','content':''}", "null", ""),
                        response("[]", "end_turn", "null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void translates(String name, ReplyOptions reply, String chat, String expected) {
        assertJsonEquals(ChatToMessages.translate(obj(chat), reply), expected);
    }

    @Test
    void cachedPromptTokensAreCacheReadsApartFromInputTokens() {
        var out = ChatToMessages.translate(
                obj(
                        "{'choices':[{'message':{'content':'x'},'finish_reason':'stop'}],"
                                + "'usage':{'prompt_tokens':1500,'completion_tokens':9,'prompt_tokens_details':{'cached_tokens':1024}}}"),
                NONE);
        assertJsonEquals(
                out.get("usage"),
                "{'input_tokens':476,'output_tokens':9,'cache_creation_input_tokens':0,'cache_read_input_tokens':1024}");
    }

    @Test
    void withoutUpstreamIdsAndModelTheAnswerIsStillComplete() {
        var out = ChatToMessages.translate(
                obj("{'choices':[{'message':{'content':'x','tool_calls':[{'function':{'name':'f','arguments':'{}'}}]},"
                        + "'finish_reason':'tool_calls'}]}"),
                NONE);
        assertThat(out.path("id").asString()).matches("msg_[0-9a-f]{32}");
        assertThat(out.path("model").asString()).isEqualTo("claude-x");
        assertThat(out.path("content").get(1).path("id").asString()).matches("toolu_[0-9a-f]{32}");
        assertJsonEquals(
                out.get("usage"),
                "{'input_tokens':0,'output_tokens':0,'cache_creation_input_tokens':0,'cache_read_input_tokens':0}");
    }

    @Test
    void oddlyTypedUpstreamFieldsDoNotBreakTheTranslation() {
        var out = ChatToMessages.translate(
                obj(
                        "{'id':{'x':1},'model':['m'],'choices':[{'message':{'content':'x','refusal':{},'reasoning_content':7,"
                                + "'tool_calls':[{'id':5,'function':{'name':{},'arguments':{'a':1}}}]},'finish_reason':{}}],'usage':'none'}"),
                SHOWN);
        assertThat(out.path("content").size()).isEqualTo(2);
        assertJsonEquals(out.path("content").get(1).get("input"), "{'a':1}");
        assertThat(out.path("stop_reason").asString()).isEqualTo("tool_use");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'choices':[]}", "{'choices':[{'finish_reason':'stop'}]}", "{'choices':'x'}"})
    void anAnswerWithoutAMessageIsTheUpstreamsFault(String chat) {
        assertThatThrownBy(() -> ChatToMessages.translate(obj(chat), NONE))
                .isInstanceOf(BadUpstreamReply.class)
                .hasMessage(
                        "The target's answer could not be translated: the chat completion has no choices[0].message.");
    }
}
