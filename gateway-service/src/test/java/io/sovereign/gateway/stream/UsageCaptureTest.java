package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.quota.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageCaptureTest {

    static final TokenCounter TOKENS = new TokenCounter();

    private static StreamEvent data(String json) {
        return StreamEvent.parse(Recorded.utf8("data: " + json), 0, Recorded.utf8("data: " + json).length);
    }

    private static List<StreamEvent> feed(UsageCapture capture, StreamEvent... events) {
        List<StreamEvent> passed = new ArrayList<>();
        for (StreamEvent e : events) {
            capture.onEvent(e, passed::add);
        }
        return passed;
    }

    @Test
    void aStreamIsChargedByItsUsageChunk() {
        UsageCapture capture = new UsageCapture();
        List<StreamEvent> passed = feed(
                capture,
                data(Recorded.ROLE),
                data(Recorded.chunk("Hi")),
                data(Recorded.FINISH),
                data(Recorded.USAGE),
                data("[DONE]"));
        assertThat(passed).as("capture passes every event on").hasSize(5);
        assertThat(capture.charge(999, TOKENS::count)).isEqualTo(new UsageCapture.Charge(21, 5, 9, true));
    }

    @Test
    void withoutAUsageChunkTheGeneratedTextIsCounted() {
        UsageCapture capture = new UsageCapture();
        feed(
                capture,
                data(Recorded.ROLE),
                data(Recorded.chunk("The quick brown")),
                data(Recorded.chunk(" fox jumps.")),
                data(Recorded.FINISH),
                data("[DONE]"));
        assertThat(capture.generatedText()).isEqualTo("The quick brown fox jumps.");
        assertThat(capture.charge(33, TOKENS::count))
                .isEqualTo(new UsageCapture.Charge(33, 0, TOKENS.count("The quick brown fox jumps."), false));
    }

    @Test
    void aWholeAnswerIsChargedByItsUsageOrItsMessages() {
        UsageCapture reported = new UsageCapture();
        feed(
                reported,
                StreamEvent.whole(
                        Recorded.utf8(
                                "{\"choices\":[{\"message\":{\"content\":\"Hello\"}}],"
                                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":4}}}")));
        assertThat(reported.charge(0, TOKENS::count)).isEqualTo(new UsageCapture.Charge(10, 4, 2, true));

        UsageCapture counted = new UsageCapture();
        feed(
                counted,
                StreamEvent.whole(
                        Recorded.utf8(
                                "{\"choices\":[{\"message\":{\"content\":\"one two\"}},{\"message\":{\"content\":\" three\"}}]}")));
        assertThat(counted.charge(5, TOKENS::count).outputTokens()).isEqualTo(TOKENS.count("one two three"));

        UsageCapture embeddings = new UsageCapture();
        feed(
                embeddings,
                StreamEvent.whole(Recorded.utf8(
                        "{\"object\":\"list\",\"data\":[],\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}")));
        assertThat(embeddings.charge(0, TOKENS::count)).isEqualTo(new UsageCapture.Charge(8, 0, 0, true));
    }

    @Test
    void theLastUsageWinsAndNullUsageIsIgnored() {
        UsageCapture capture = new UsageCapture();
        feed(
                capture,
                data("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"),
                data("{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}"),
                data("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}"));
        assertThat(capture.usage()).isEqualTo(new UsageCapture.Usage(3, 0, 4));
    }

    @Test
    void whatIsNotJsonIsIgnored() {
        UsageCapture capture = new UsageCapture();
        feed(
                capture,
                data("not json"),
                StreamEvent.parse(Recorded.utf8(": ping"), 0, 6),
                StreamEvent.whole(Recorded.utf8("<html>")));
        assertThat(capture.charge(7, TOKENS::count)).isEqualTo(new UsageCapture.Charge(7, 0, 0, false));
    }

    @Test
    void theKeptTextIsBounded() {
        UsageCapture capture = new UsageCapture();
        String big = "a".repeat(600 * 1024);
        feed(capture, data(Recorded.chunk(big)), data(Recorded.chunk(big)));
        assertThat(capture.generatedText()).hasSize(UsageCapture.MAX_TEXT_CHARS);
    }
}
