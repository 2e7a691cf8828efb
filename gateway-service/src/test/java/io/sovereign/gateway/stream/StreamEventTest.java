package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StreamEventTest {

    private static StreamEvent parse(String lines) {
        byte[] b = Recorded.utf8(lines);
        return StreamEvent.parse(b, 0, b.length);
    }

    private static String written(StreamEvent e) {
        ByteSink out = new ByteSink();
        e.writeTo(out);
        return new String(out.take(), StandardCharsets.UTF_8);
    }

    @Test
    void dataWithAndWithoutASpaceIsTheSamePayload() {
        assertThat(parse("data: {\"a\":1}").json())
                .isEqualTo(parse("data:{\"a\":1}").json());
        assertThat(parse("data:  {\"a\":1}").json().path("a").asInt())
                .isEqualTo(1); // only one space belongs to the syntax
    }

    @Test
    void kindsAreToldApart() {
        assertThat(parse("data: [DONE]").kind()).isEqualTo(StreamEvent.Kind.DONE);
        assertThat(parse("data:[DONE]").isDone()).isTrue();
        assertThat(parse(": keep-alive").kind()).isEqualTo(StreamEvent.Kind.OTHER);
        assertThat(parse("retry: 1000").kind()).isEqualTo(StreamEvent.Kind.OTHER);
        assertThat(parse("data: {}").kind()).isEqualTo(StreamEvent.Kind.DATA);
        assertThat(parse(": keep-alive").json()).isNull();
        assertThat(parse("data: [DONE]").json()).isNull();
    }

    @Test
    void theJsonIsParsedOnceAndShared() {
        StreamEvent e = parse("data: {\"a\":1}");
        assertThat(e.json()).isSameAs(e.json());
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        StreamEvent e = parse("event: message_start\ndata: {\"a\":\ndata: 1}");
        assertThat(e.name()).isEqualTo("message_start");
        assertThat(e.json().path("a").asInt()).isEqualTo(1);
    }

    @Test
    void anUnchangedEventGoesOutAsItCame() {
        String lines = "id: 7\r\ndata:{\"a\": \"é\"}";
        assertThat(written(parse(lines))).isEqualTo(lines + "\n\n");
        assertThat(written(parse(": ping"))).isEqualTo(": ping\n\n");
    }

    @Test
    void aNonJsonPayloadPassesThrough() {
        StreamEvent e = parse("data: hello there");
        assertThat(e.json()).isNull();
        assertThat(written(e)).isEqualTo("data: hello there\n\n");
    }

    @Test
    void aChangedEventKeepsItsOtherLinesAndIsRenderedOnce() {
        StreamEvent e = parse("event: x\nid: 7\ndata: {\"a\":\ndata: 1}");
        ((ObjectNode) e.json()).put("a", 2);
        e.changed();
        assertThat(written(e)).isEqualTo("event: x\nid: 7\ndata: {\"a\":2}\n\n");
    }

    @Test
    void eventsMadeByHandlers() {
        ObjectNode json = StreamEvent.JSON.createObjectNode().put("type", "ping");
        assertThat(written(StreamEvent.of(json))).isEqualTo("data: {\"type\":\"ping\"}\n\n");
        assertThat(written(StreamEvent.of("ping", json))).isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(written(StreamEvent.ofData(Recorded.utf8("{\"x\":1}")))).isEqualTo("data: {\"x\":1}\n\n");
        assertThat(written(StreamEvent.answer(json))).isEqualTo("{\"type\":\"ping\"}");
    }
}
