package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.classify.Redaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreRedactionsTest {

    static final Redaction REDACTION = new Redaction(
            List.of(), Map.of("[EMAIL_1]", "jane.doe@acme-corp.com", "[PHONE_1]", "+44 20 7946 0958"), 2, 0);
    static final String TEXT = "Mail [EMAIL_1] or call [PHONE_1]; [EMAIL_1] again, [not one] and [EM";
    static final String RESTORED =
            "Mail jane.doe@acme-corp.com or call +44 20 7946 0958; jane.doe@acme-corp.com again, [not one] and [EM";

    private static String stream(List<String> deltas, boolean finishChunk, boolean done) {
        StringBuilder s = new StringBuilder("data: " + Recorded.ROLE + "\n\n");
        for (String d : deltas) {
            s.append("data: ").append(Recorded.chunk(d)).append("\n\n");
        }
        if (finishChunk) {
            s.append("data: ").append(Recorded.FINISH).append("\n\n");
        }
        if (done) {
            s.append("data: [DONE]\n\n");
        }
        return s.toString();
    }

    private static String restore(String sse) {
        return Recorded.run(
                new ResponseStream(List.of(new RestoreRedactions(REDACTION::restorer))), Recorded.utf8(sse));
    }

    @Test
    void aPlaceholderSplitAtAnyPointBetweenTwoChunksIsRestored() {
        for (int i = 0; i <= TEXT.length(); i++) {
            String out = restore(stream(List.of(TEXT.substring(0, i), TEXT.substring(i)), true, true));
            assertThat(Recorded.text(out)).as("split at %d", i).isEqualTo(RESTORED);
            assertThat(out).doesNotContain("[EMAIL_1]", "[PHONE_1]").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void aPlaceholderSplitOverThreeChunksIsRestored() {
        for (int i = 0; i <= TEXT.length(); i++) {
            for (int j = i; j <= TEXT.length(); j++) {
                String out = restore(
                        stream(List.of(TEXT.substring(0, i), TEXT.substring(i, j), TEXT.substring(j)), false, true));
                assertThat(Recorded.text(out)).as("splits at %d, %d", i, j).isEqualTo(RESTORED);
            }
        }
    }

    @Test
    void aPlaceholderSplitAcrossNetworkBuffersIsRestored() {
        byte[] in = Recorded.utf8(stream(List.of("Mail [EMA", "IL_1] now"), true, true));
        for (int i = 0; i <= in.length; i++) {
            String out = Recorded.run(new ResponseStream(List.of(new RestoreRedactions(REDACTION::restorer))), in, i);
            assertThat(Recorded.text(out)).as("split at byte %d", i).isEqualTo("Mail jane.doe@acme-corp.com now");
        }
    }

    @Test
    void heldTextIsReleasedInTheFinishingChunkBeforeDone() {
        String out = restore(stream(List.of("ends with [EM"), true, true));
        String[] events = out.split("\n\n");
        assertThat(events).hasSize(4);
        assertThat(events[1]).contains("\"content\":\"ends with \"");
        assertThat(events[2]).contains("\"finish_reason\":\"stop\"").contains("\"content\":\"[EM\"");
    }

    @Test
    void aFinishingChunkWithContentCarriesItsOwnHeldText() {
        String last = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tail [EM\"},\"finish_reason\":\"length\"}]}";
        String[] events = restore("data: " + last + "\n\ndata: [DONE]\n\n").split("\n\n");
        assertThat(events).containsExactly("data: " + last, "data: [DONE]");
    }

    @Test
    void heldTextGetsAChunkOfItsOwnBeforeDoneOrAtTheEnd() {
        String out = restore(stream(List.of("ends with [PHO"), false, true));
        String[] events = out.split("\n\n");
        assertThat(events[2])
                .isEqualTo(
                        "data: {\"id\":\"chatcmpl-1\",\"created\":1764000000,\"model\":\"o3-mini\","
                                + "\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"[PHO\"}}]}");
        assertThat(events[3]).isEqualTo("data: [DONE]");
        assertThat(Recorded.text(restore(stream(List.of("cut [PHO"), false, false))))
                .as("no [DONE]: at the end")
                .isEqualTo("cut [PHO");
    }

    @Test
    void heldTextIsReleasedBeforeAnUpstreamErrorChunk() {
        String out =
                restore(stream(List.of("so [EMAI"), false, false) + "data: {\"error\":{\"message\":\"boom\"}}\n\n");
        assertThat(out.indexOf("[EMAI")).isLessThan(out.indexOf("boom"));
    }

    @Test
    void choicesAreRestoredEachOnItsOwn() {
        String a = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x [EMA\"}}]}";
        String b = "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"y [PHONE\"}}]}";
        String c =
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"IL_1]\"}},{\"index\":1,\"delta\":{\"content\":\"_1]\"}}]}";
        String out = restore("data: " + a + "\n\ndata: " + b + "\n\ndata: " + c + "\n\ndata: [DONE]\n\n");
        StringBuilder zero = new StringBuilder();
        StringBuilder one = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("data: {")) {
                StreamEvent.JSON
                        .readTree(line.substring(6))
                        .path("choices")
                        .forEach(ch -> (ch.path("index").asInt() == 0 ? zero : one)
                                .append(ch.path("delta").path("content").asString("")));
            }
        }
        assertThat(zero.toString()).isEqualTo("x jane.doe@acme-corp.com");
        assertThat(one.toString()).isEqualTo("y +44 20 7946 0958");
    }

    @Test
    void chunksWithoutPlaceholdersAreNotRendered() {
        String sse = stream(List.of("plain text", " more"), true, true);
        assertThat(restore(sse)).isEqualTo(sse);
    }

    @Test
    void aWholeAnswerIsRestored() {
        byte[] body = Recorded.utf8("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"" + TEXT + "\"}}]}");
        byte[] out = new ResponseStream(List.of(new RestoreRedactions(REDACTION::restorer))).whole(body);
        assertThat(StreamEvent.JSON
                        .readTree(out)
                        .path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo(RESTORED);
    }

    @Test
    void theCallerGoneFlushesNothingAnywhere() {
        ResponseStream p = new ResponseStream(List.of(new RestoreRedactions(REDACTION::restorer)));
        byte[] first = p.accept(ByteBuffer.wrap(Recorded.utf8("data: " + Recorded.chunk("a [EMA") + "\n\n")));
        assertThat(new String(first, StandardCharsets.UTF_8)).contains("\"content\":\"a \"");
        assertThat(p.end(StreamEnd.CALLER_GONE)).isEmpty();
    }
}
