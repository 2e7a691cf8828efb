package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.classify.Redaction;
import io.sovereign.gateway.quota.TokenCounter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResponseStreamTest {

    static final Redaction REDACTION = new Redaction(List.of(), Map.of("[EMAIL_1]", "jane.doe@acme-corp.com"), 1, 0);

    private static ResponseStream chat(UsageCapture usage, boolean callerAskedUsage, boolean restore) {
        return new ResponseStream(new StreamPlan(
                        "hosted", Duration.ofSeconds(30), callerAskedUsage, restore ? REDACTION::restorer : null, null)
                .handlers(usage));
    }

    @Test
    void withNothingToChangeTheStreamGoesOutByteForByte() {
        byte[] in = Recorded.utf8(Recorded.chatStream());
        UsageCapture usage = new UsageCapture();
        assertThat(Recorded.run(chat(usage, true, false), in)).isEqualTo(Recorded.chatStream());
        assertThat(usage.usage()).isEqualTo(new UsageCapture.Usage(21, 5, 9));
    }

    @Test
    void everySplitPointOfARecordedStreamGivesTheSameAnswer() {
        byte[] in = Recorded.utf8(Recorded.chatStream());
        String expected = Recorded.run(chat(new UsageCapture(), false, true), in);
        assertThat(Recorded.text(expected)).isEqualTo("Grüße, write to jane.doe@acme-corp.com 日本 👋");
        assertThat(expected)
                .doesNotContain("\"usage\"", "[EMAIL_1]")
                .contains(": keep-alive\n\n")
                .endsWith("data: [DONE]\n\n");
        for (int i = 0; i <= in.length; i++) {
            UsageCapture usage = new UsageCapture();
            assertThat(Recorded.run(chat(usage, false, true), in, i))
                    .as("split at byte %d", i)
                    .isEqualTo(expected);
            assertThat(usage.charge(0, s -> 0).outputTokens()).isEqualTo(9);
        }
    }

    @Test
    void crlfFramedStreamsComeOutAsTheSameEvents() {
        String crlf = Recorded.chatStream().replace("\n\n", "\r\n\r\n");
        String out = Recorded.run(chat(new UsageCapture(), false, false), Recorded.utf8(crlf));
        assertThat(out).isEqualTo(Recorded.chatStream().replace("data: " + Recorded.USAGE + "\n\n", ""));
    }

    @Test
    void theCallerGoneGetsNothingButTheUsageCaptureSawWhatWasGenerated() {
        UsageCapture usage = new UsageCapture();
        ResponseStream p = chat(usage, false, false);
        String first = "data: " + Recorded.ROLE + "\n\ndata: " + Recorded.chunk("Hello there") + "\n\ndata: "
                + Recorded.chunk(" frie");
        assertThat(p.accept(ByteBuffer.wrap(Recorded.utf8(first)))).isNotEmpty();
        assertThat(p.end(StreamEnd.CALLER_GONE)).isEmpty();
        assertThat(p.accept(ByteBuffer.wrap(Recorded.utf8("nd\"}}]}\n\n"))))
                .as("nothing after the end")
                .isEmpty();
        assertThat(p.end(StreamEnd.COMPLETE)).as("one end only").isEmpty();
        assertThat(p.ended()).isEqualTo(StreamEnd.CALLER_GONE);
        UsageCapture.Charge charge = usage.charge(40, new TokenCounter()::count);
        assertThat(charge).isEqualTo(new UsageCapture.Charge(40, 0, new TokenCounter().count("Hello there"), false));
    }

    @Test
    void aWholeAnswerGoesThroughTheSameHandlersWithOneParse() {
        byte[] body = Recorded.utf8(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"Mail [EMAIL_1]\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}");
        UsageCapture usage = new UsageCapture();
        byte[] out = chat(usage, false, true).whole(body);
        assertThat(StreamEvent.JSON
                        .readTree(out)
                        .path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("Mail jane.doe@acme-corp.com");
        assertThat(StreamEvent.JSON
                        .readTree(out)
                        .path("usage")
                        .path("prompt_tokens")
                        .asInt())
                .as("usage stays in a whole answer")
                .isEqualTo(12);
        assertThat(usage.usage()).isEqualTo(new UsageCapture.Usage(12, 0, 3));

        byte[] plain = Recorded.utf8("{\"choices\":[{\"message\":{\"content\":\"nothing to restore\"}}]}");
        assertThat(chat(new UsageCapture(), false, true).whole(plain))
                .as("unchanged: the same bytes, not a render")
                .isSameAs(plain);
        byte[] notJson = Recorded.utf8("not json");
        assertThat(chat(new UsageCapture(), false, true).whole(notJson)).isSameAs(notJson);
    }

    /** Records what reaches it, to show the order of the chain. */
    private static final class Recorder implements StreamHandler {
        final String name;
        final List<String> log;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void onEvent(StreamEvent event, Downstream next) {
            log.add(name + ":" + event.kind());
            next.emit(event);
        }

        @Override
        public void onEnd(StreamEnd end, Downstream next) {
            log.add(name + ":end");
            if (name.equals("a")) {
                next.emit(StreamEvent.of(StreamEvent.JSON.createObjectNode()));
            }
        }
    }

    @Test
    void whatAHandlerEmitsAtTheEndPassesTheLaterHandlersBeforeTheirEnd() {
        List<String> log = new ArrayList<>();
        ResponseStream p = new ResponseStream(List.of(new Recorder("a", log), new Recorder("b", log)));
        p.accept(ByteBuffer.wrap(Recorded.utf8("data: {}\n\n")));
        assertThat(new String(p.end(StreamEnd.COMPLETE))).isEqualTo("data: {}\n\n");
        assertThat(log).containsExactly("a:DATA", "b:DATA", "a:end", "b:DATA", "b:end");
    }

    /** A translating handler at the end of the chain, as the Responses and Messages front-ends will add. */
    private static final class Upper implements StreamHandler {
        @Override
        public void onEvent(StreamEvent event, Downstream next) {
            JsonNode chunk = event.json();
            if (event.isWhole()) {
                next.emit(StreamEvent.answer(StreamEvent.JSON.createObjectNode().put("text", "WHOLE")));
            } else if (chunk != null) {
                for (JsonNode c : chunk.path("choices")) {
                    String text = c.path("delta").path("content").asString("");
                    if (!text.isEmpty()) {
                        next.emit(StreamEvent.of(
                                "text.delta",
                                StreamEvent.JSON.createObjectNode().put("delta", text.toUpperCase())));
                    }
                }
            }
        }

        @Override
        public void onEnd(StreamEnd end, Downstream next) {
            next.emit(StreamEvent.of("done", StreamEvent.JSON.createObjectNode().put("end", end.name())));
        }
    }

    @Test
    void aTranslatorAtTheEndSeesRestoredTextAndTheUsageChunk() {
        UsageCapture usage = new UsageCapture();
        StreamPlan plan = new StreamPlan("hosted", Duration.ofSeconds(30), false, REDACTION::restorer, new Upper());
        assertThat(plan.handlers(usage)).noneMatch(h -> h instanceof UsageStrip);
        String out = Recorded.run(new ResponseStream(plan.handlers(usage)), Recorded.utf8(Recorded.chatStream()));
        assertThat(out)
                .contains(
                        "event: text.delta\ndata: {\"delta\":\"WRITE TO \"}\n\n",
                        "event: text.delta\ndata: {\"delta\":\"JANE.DOE@ACME-CORP.COM 日本 👋\"}\n\n")
                .endsWith("event: done\ndata: {\"end\":\"COMPLETE\"}\n\n")
                .doesNotContain("chat.completion.chunk");
        assertThat(usage.usage()).isNotNull();
    }
}
