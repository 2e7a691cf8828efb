package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageStripTest {

    private static StreamEvent data(String json) {
        byte[] b = Recorded.utf8("data: " + json);
        return StreamEvent.parse(b, 0, b.length);
    }

    private static List<StreamEvent> strip(StreamEvent e) {
        List<StreamEvent> passed = new ArrayList<>();
        new UsageStrip().onEvent(e, passed::add);
        return passed;
    }

    private static String written(StreamEvent e) {
        ByteSink out = new ByteSink();
        e.writeTo(out);
        return new String(out.take(), StandardCharsets.UTF_8);
    }

    @Test
    void theUsageOnlyChunkIsDropped() {
        assertThat(strip(data(Recorded.USAGE))).isEmpty();
        assertThat(strip(data("{\"usage\":{\"prompt_tokens\":1}}")))
                .as("no choices at all")
                .isEmpty();
    }

    @Test
    void usageOnAContentChunkIsRemovedAndTheContentKept() {
        StreamEvent e =
                data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":1}}");
        assertThat(strip(e)).hasSize(1);
        assertThat(written(e)).isEqualTo("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n");
    }

    @Test
    void everythingElsePassesUntouched() {
        String withNull = "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}";
        StreamEvent e = StreamEvent.parse(Recorded.utf8(withNull), 0, Recorded.utf8(withNull).length);
        assertThat(strip(e)).containsExactly(e);
        assertThat(written(e)).isEqualTo(withNull + "\n\n");
        StreamEvent whole = StreamEvent.whole(Recorded.utf8("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}"));
        assertThat(strip(whole)).as("a whole answer keeps its usage").containsExactly(whole);
        assertThat(strip(data("[DONE]"))).hasSize(1);
        assertThat(strip(data(Recorded.chunk("a")))).hasSize(1);
    }

    @Test
    void onlyChatCallersWhoDidNotAskGetTheStrip() {
        UsageCapture usage = new UsageCapture();
        assertThat(new StreamPlan("t", Duration.ofSeconds(1), false, null, null).handlers(usage))
                .hasAtLeastOneElementOfType(UsageStrip.class);
        assertThat(new StreamPlan("t", Duration.ofSeconds(1), true, null, null).handlers(usage))
                .noneMatch(h -> h instanceof UsageStrip);
        assertThat(new StreamPlan("t", Duration.ofSeconds(1), false, null, null).handlers(usage))
                .as("order")
                .extracting(h -> h.getClass().getSimpleName())
                .containsExactly("IdleTimeoutNotice", "UsageCapture", "UsageStrip");
        assertThat(new StreamPlan("t", Duration.ofSeconds(1), false, ResponseStreamTest.REDACTION::restorer, null)
                        .handlers(usage))
                .extracting(h -> h.getClass().getSimpleName())
                .containsExactly("IdleTimeoutNotice", "UsageCapture", "UsageStrip", "RestoreRedactions");
    }
}
