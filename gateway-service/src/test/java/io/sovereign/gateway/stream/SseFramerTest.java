package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseFramerTest {

    private static List<String> frame(byte[] bytes, int... cuts) {
        SseFramer framer = new SseFramer();
        List<String> events = new ArrayList<>();
        SseFramer.Sink sink = (buf, off, len) -> events.add(new String(buf, off, len, StandardCharsets.UTF_8));
        int from = 0;
        for (int cut : cuts) {
            framer.accept(ByteBuffer.wrap(bytes, from, cut - from), sink);
            from = cut;
        }
        framer.accept(ByteBuffer.wrap(bytes, from, bytes.length - from), sink);
        framer.finish(sink);
        return events;
    }

    @Test
    void cutsARecordedStreamIntoItsEvents() {
        List<String> events = frame(Recorded.utf8(Recorded.chatStream()));
        assertThat(events).hasSize(8);
        assertThat(events.get(1)).isEqualTo(": keep-alive");
        assertThat(events.get(3)).startsWith("data:{").contains("[EMA");
        assertThat(events.get(4)).contains("日本 👋");
        assertThat(events.get(7)).isEqualTo("data: [DONE]");
    }

    @Test
    void everySplitPointGivesTheSameEvents() {
        byte[] bytes = Recorded.utf8(Recorded.chatStream());
        List<String> whole = frame(bytes);
        for (int i = 0; i <= bytes.length; i++) {
            assertThat(frame(bytes, i)).as("split at byte %d", i).isEqualTo(whole);
        }
    }

    @Test
    void everyPairOfSplitPointsGivesTheSameEvents() {
        // CRLF terminators and multi-byte characters: a cut may fall between CR and LF or inside a character
        byte[] bytes = Recorded.utf8(
                "data: {\"a\":\"é日\"}\r\n\r\n: ping\r\n\r\nevent: x\r\ndata: 👋\r\n\r\ndata: [DONE]\r\n\r\n");
        List<String> whole = frame(bytes);
        assertThat(whole).containsExactly("data: {\"a\":\"é日\"}", ": ping", "event: x\r\ndata: 👋", "data: [DONE]");
        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                assertThat(frame(bytes, i, j)).as("splits at %d and %d", i, j).isEqualTo(whole);
            }
        }
    }

    @Test
    void byteByByteFeedingGivesTheSameEvents() {
        byte[] bytes = Recorded.utf8(Recorded.chatStream());
        int[] cuts = new int[bytes.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertThat(frame(bytes, cuts)).isEqualTo(frame(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n\n", "\r\n\r\n", "\r\r", "\n\r\n", "\r\n\n", "\r\n\r"})
    void anyBlankLineEndsAnEvent(String terminator) {
        byte[] bytes = Recorded.utf8("data: one" + terminator + "data: two" + terminator);
        assertThat(frame(bytes)).containsExactly("data: one", "data: two");
    }

    @Test
    void linesInsideAnEventKeepTheirBreaksAndBlankLinesBetweenEventsAreDropped() {
        byte[] bytes = Recorded.utf8("\n\nevent: x\r\ndata: a\ndata: b\n\n\n\ndata: c\n\n");
        assertThat(frame(bytes)).containsExactly("event: x\r\ndata: a\ndata: b", "data: c");
    }

    @Test
    void anUnterminatedLastEventIsStillDelivered() {
        assertThat(frame(Recorded.utf8("data: one\n\ndata: {\"usage\":1}\n")))
                .containsExactly("data: one", "data: {\"usage\":1}");
        assertThat(frame(Recorded.utf8("data: one\n\ndata: [DONE]"))).containsExactly("data: one", "data: [DONE]");
    }

    @Test
    void anEventThatNeverEndsIsRefusedBeforeItTakesTheHeap() {
        SseFramer framer = new SseFramer();
        byte[] mb = new byte[1024 * 1024];
        java.util.Arrays.fill(mb, (byte) 'x');
        assertThatThrownBy(() -> {
                    for (int i = 0; i <= SseFramer.MAX_EVENT_BYTES / mb.length; i++) {
                        framer.accept(ByteBuffer.wrap(mb), (b, o, l) -> {});
                    }
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without ending");
    }
}
