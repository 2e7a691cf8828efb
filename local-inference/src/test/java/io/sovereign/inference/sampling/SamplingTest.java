package io.sovereign.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SamplingTest {
    static final float[] LOGITS = {0.1f, 3.0f, 2.9f, -1f, 0.5f};

    @Test
    void greedyTakesTheArgmax() {
        assertThat(new Sampler(SamplingParams.greedy()).next(LOGITS)).isEqualTo(1);
        assertThat(new Sampler(new SamplingParams(1.5, 1, 1, OptionalLong.empty())).next(LOGITS))
                .isEqualTo(1);
    }

    @Test
    void topKAndTopPBoundTheCandidates() {
        Sampler topK = new Sampler(new SamplingParams(2.0, 1, 2, OptionalLong.of(7)));
        Sampler topP = new Sampler(new SamplingParams(1.0, 0.3, 0, OptionalLong.of(7)));
        for (int i = 0; i < 500; i++) {
            assertThat(topK.next(LOGITS)).isIn(1, 2);
            assertThat(topP.next(LOGITS)).isEqualTo(1);
        }
    }

    @Test
    void seedReproducesAndHighTemperatureSpreads() {
        Sampler a = new Sampler(new SamplingParams(2.0, 1, 0, OptionalLong.of(3)));
        Sampler b = new Sampler(new SamplingParams(2.0, 1, 0, OptionalLong.of(3)));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 300; i++) {
            int x = a.next(LOGITS);
            assertThat(b.next(LOGITS)).isEqualTo(x);
            seen.add(x);
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void stopSequencesSplitAcrossChunksAreNeverReleased() {
        record Case(List<String> chunks, List<String> stops, String released, boolean stopped) {}
        for (Case c : List.of(
                new Case(List.of("Hello wo", "rld. END", " more"), List.of("END"), "Hello world. ", true),
                new Case(List.of("ab", "c<", "|x", "|>tail"), List.of("<|x|>"), "abc", true),
                new Case(List.of("no stop here"), List.of("zzz"), "no stop here", false),
                new Case(List.of("first", " STOP2 then STOP1"), List.of("STOP1", "STOP2"), "first ", true),
                new Case(List.of("plain"), List.of(), "plain", false))) {
            StopMatcher m = new StopMatcher(c.stops);
            StringBuilder out = new StringBuilder();
            c.chunks.forEach(chunk -> out.append(m.accept(chunk)));
            out.append(m.flush());
            assertThat(out.toString()).as(c.chunks.toString()).isEqualTo(c.released);
            assertThat(m.stopped()).isEqualTo(c.stopped);
        }
    }
}
