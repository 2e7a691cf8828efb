package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdleTimeoutNoticeTest {

    @ParameterizedTest
    @EnumSource(StreamEnd.class)
    void onlyAnIdleTimeoutTellsTheCaller(StreamEnd end) {
        IdleTimeoutNotice notice = new IdleTimeoutNotice("hosted", Duration.ofSeconds(30));
        List<StreamEvent> out = new ArrayList<>();
        StreamEvent e = StreamEvent.parse(Recorded.utf8("data: {}"), 0, 8);
        notice.onEvent(e, out::add);
        assertThat(out).containsExactly(e);
        out.clear();
        notice.onEnd(end, out::add);
        if (end != StreamEnd.IDLE_TIMEOUT) {
            assertThat(out).isEmpty();
            return;
        }
        assertThat(out).hasSize(1);
        ByteSink sink = new ByteSink();
        out.get(0).writeTo(sink);
        assertThat(new String(sink.take(), StandardCharsets.UTF_8))
                .isEqualTo("data: {\"error\":{\"message\":\"Target 'hosted' sent"
                        + " nothing for 30 s; the stream was closed by the gateway.\",\"type\":\"api_error\",\"code\":\"upstream_idle_timeout\","
                        + "\"param\":null}}\n\n");
        assertThat(out.get(0).json().path("error").path("code").asString())
                .as("later handlers can read it")
                .isEqualTo("upstream_idle_timeout");
    }
}
