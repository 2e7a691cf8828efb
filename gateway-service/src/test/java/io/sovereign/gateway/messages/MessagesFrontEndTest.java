package io.sovereign.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Dialect;
import io.sovereign.gateway.request.TargetDialect;
import io.sovereign.gateway.route.ParameterProfile;
import io.sovereign.gateway.stream.StreamEnd;
import io.sovereign.gateway.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Messages front-end's canonical request, its codec's output cap, and the answer translation handler. */
class MessagesFrontEndTest {

    static final MessagesFrontEnd FRONT_END = new MessagesFrontEnd();

    static CanonicalRequest parse(String json) {
        return FRONT_END.parse(Json.obj(json).toString().getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode encode(CanonicalRequest r, ParameterProfile profile, long cap) {
        return Json.LENIENT.readTree(
                r.encodeFor(new TargetDialect("o3-mini", null, profile::apply, "max_completion_tokens", cap)));
    }

    @Test
    void theCanonicalRequestIsTheBridgedChatTreeAndCoversEveryBlockThatLeaves() {
        CanonicalRequest r = parse("{'model':'claude-opus-5-5','max_tokens':32000,'stream':true,'temperature':0.5,"
                + "'system':[{'type':'text','text':'SYS-TEXT','cache_control':{'type':'ephemeral'}}],"
                + "'tools':[{'name':'lookup','description':'TOOL-DESC','input_schema':{'type':'object','properties':{'q':{'type':'string','description':'SCHEMA-DESC'}}}}],"
                + "'messages':[{'role':'user','content':'USER-TEXT'},"
                + "{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'lookup','input':{'q':'TOOL-INPUT'}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':[{'type':'text','text':'TOOL-RESULT'}]},"
                + "{'type':'document','source':{'type':'text','media_type':'text/plain','data':'DOC-TEXT'}}]}]}");
        assertThat(r.api()).isEqualTo(Api.MESSAGES);
        assertThat(r.dialect()).isEqualTo(Dialect.CHAT_COMPLETIONS);
        assertThat(r.model()).isEqualTo("claude-opus-5-5");
        assertThat(r.stream()).isTrue();
        assertThat(r.maxOutputTokens())
                .as("the target's cap is reserved, not Claude Code's ceiling")
                .isNull();
        assertThat(r.codec()).isInstanceOf(MessagesCodec.class);
        assertThat(r.tools()).extracting(t -> t.name()).containsExactly("lookup");
        List<String> texts = new ArrayList<>();
        r.content().segments().forEach(s -> texts.add(s.text()));
        assertThat(String.join("|", texts))
                .contains("SYS-TEXT", "TOOL-DESC", "SCHEMA-DESC", "USER-TEXT", "TOOL-INPUT", "TOOL-RESULT", "DOC-TEXT");
        assertThat(FRONT_END.path()).isEqualTo("/v1/messages");
    }

    @Test
    void theTargetGetsTheSmallerOfTheCallersMaxTokensAndItsOwnCapInItsDialect() {
        JsonNode big = encode(
                parse(
                        "{'model':'auto','max_tokens':128000,'temperature':0.5,'messages':[{'role':'user','content':'hi'}]}"),
                ParameterProfile.OPENAI_REASONING,
                4096);
        assertThat(big.path("max_completion_tokens").asLong()).isEqualTo(4096);
        assertThat(big.has("max_tokens")).isFalse();
        assertThat(big.has("temperature")).isFalse();
        assertThat(big.path("model").asString()).isEqualTo("o3-mini");
        JsonNode small = encode(
                parse(
                        "{'model':'auto','max_tokens':100,'temperature':0.5,'messages':[{'role':'user','content':'hi'}]}"),
                ParameterProfile.OPENAI_CHAT,
                4096);
        assertThat(small.path("max_tokens").asLong()).isEqualTo(100);
        assertThat(small.path("temperature").asDouble()).isEqualTo(0.5);
    }

    @Test
    void redactionKeepsTheCodecAndTheTargetsCap() {
        CanonicalRequest r =
                parse("{'model':'auto','max_tokens':64000,'messages':[{'role':'user','content':'card 4111'}]}");
        TextSegment s = r.content().segments().stream()
                .filter(t -> t.text().contains("4111"))
                .findFirst()
                .orElseThrow();
        CanonicalRequest redacted = r.codec().withTexts(r, List.of(new TextSegment(s.path(), "card [CARD]")));
        assertThat(redacted.api()).isEqualTo(Api.MESSAGES);
        assertThat(redacted.codec()).isSameAs(r.codec());
        assertThat(redacted.maxOutputTokens()).isNull();
        assertThat(redacted.body().toString()).contains("[CARD]").doesNotContain("4111");
    }

    @Test
    void badInputIsAnInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> parse("{'model':'auto','messages':[{'role':'user','content':'hi'}]}"))
                .isInstanceOf(GatewayError.InvalidRequest.class)
                .hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> parse(
                        "{'model':'auto','max_tokens':5,'messages':[{'role':'user','content':[{'type':'image'}]}]}"))
                .isInstanceOf(GatewayError.InvalidRequest.class)
                .hasMessageContaining("messages.0.content.0");
    }

    static List<StreamEvent> feed(MessagesStreamHandler h, List<StreamEvent> in, StreamEnd end) {
        List<StreamEvent> out = new ArrayList<>();
        in.forEach(e -> h.onEvent(e, out::add));
        if (end != null) {
            h.onEnd(end, out::add);
        }
        return out;
    }

    static StreamEvent chunk(String json) {
        return StreamEvent.of(Json.obj(json));
    }

    @Test
    void theHandlerTurnsChatChunksIntoAnthropicEventsAndAFailureIntoAnErrorEvent() {
        ReplyOptions reply = new ReplyOptions("claude-opus-5-5", List.of(), ReplyOptions.Thinking.NONE);
        List<StreamEvent> in = List.of(
                chunk("{'id':'c','choices':[{'index':0,'delta':{'role':'assistant','content':'Hel'}}]}"),
                chunk("{'id':'c','choices':[{'index':0,'delta':{'content':'lo'},'finish_reason':'stop'}]}"),
                chunk("{'id':'c','choices':[],'usage':{'prompt_tokens':12,'completion_tokens':2,'total_tokens':14}}"));
        List<StreamEvent> out = feed(new MessagesStreamHandler(reply, () -> 12), in, StreamEnd.COMPLETE);
        assertThat(out)
                .extracting(StreamEvent::name)
                .containsExactly(
                        "message_start",
                        "ping",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        JsonNode delta = out.get(6).json();
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(2);

        List<StreamEvent> broken =
                feed(new MessagesStreamHandler(reply, () -> 12), in.subList(0, 1), StreamEnd.UPSTREAM_FAILED);
        assertThat(broken).extracting(StreamEvent::name).endsWith("error");
        assertThat(broken.get(broken.size() - 1)
                        .json()
                        .path("error")
                        .path("type")
                        .asString())
                .isEqualTo("api_error");

        List<StreamEvent> inBand = feed(
                new MessagesStreamHandler(reply, () -> 12),
                List.of(
                        in.get(0),
                        chunk(
                                "{'error':{'message':'Rate limit reached.','type':'requests','code':'rate_limit_exceeded'}}")),
                StreamEnd.COMPLETE);
        assertThat(inBand).extracting(StreamEvent::name).endsWith("error").doesNotContain("message_stop");
    }

    @Test
    void theHandlerTranslatesAWholeAnswer() {
        ReplyOptions reply = new ReplyOptions("claude-opus-5-5", List.of(), ReplyOptions.Thinking.NONE);
        StreamEvent whole = StreamEvent.answer(
                Json.obj(
                        "{'id':'c','object':'chat.completion','model':'gpt-oss-20b','choices':[{'index':0,"
                                + "'message':{'role':'assistant','content':'Hi.'},'finish_reason':'length'}],'usage':{'prompt_tokens':3,'completion_tokens':4}}"));
        List<StreamEvent> out = feed(new MessagesStreamHandler(reply, () -> 3), List.of(whole), null);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isWhole()).isTrue();
        JsonNode m = out.get(0).json();
        assertThat(m.path("type").asString()).isEqualTo("message");
        assertThat(m.path("content").get(0).path("text").asString()).isEqualTo("Hi.");
        assertThat(m.path("stop_reason").asString()).isEqualTo("max_tokens");
        assertThat(m.path("usage").path("output_tokens").asLong()).isEqualTo(4);
    }
}
