package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aNewLiveRevisionSupersedesTheOldOneAndRefusalsKeepTheirReason() {
        RevisionHistory h = new RevisionHistory(10, clock);
        h.live("aaa", "/p/default.yaml");
        byte[] bad = "version: 1\nbad".getBytes(StandardCharsets.UTF_8);
        h.refused(bad, "/p/default.yaml", "rules[0].route: unknown target 'x'");
        h.live("bbb", "/p/default.yaml");
        List<RevisionHistory.Entry> e = h.entries();
        assertThat(e)
                .extracting(RevisionHistory.Entry::state)
                .containsExactly(
                        RevisionHistory.State.SUPERSEDED, RevisionHistory.State.REFUSED, RevisionHistory.State.LIVE);
        assertThat(e.get(1).revision()).isEqualTo(PolicyParser.revision(bad)).hasSize(12);
        assertThat(e.get(1).reason()).contains("unknown target");
        assertThat(e.get(0).reason()).isNull();
        assertThat(e.get(2).loadedAt()).isEqualTo(clock.instant());
    }

    @Test
    void boundedButTheLiveRevisionIsNeverDropped() {
        RevisionHistory h = new RevisionHistory(3, clock);
        h.live("live", "f");
        for (int i = 0; i < 10; i++) {
            h.refused(("bad" + i).getBytes(StandardCharsets.UTF_8), "f", "bad " + i);
        }
        List<RevisionHistory.Entry> e = h.entries();
        assertThat(e).hasSize(3);
        assertThat(e.get(0).revision()).isEqualTo("live");
        assertThat(e.get(0).state()).isEqualTo(RevisionHistory.State.LIVE);
        assertThat(e).extracting(RevisionHistory.Entry::reason).containsExactly(null, "bad 8", "bad 9");
        h.refused(null, "f", "cannot read the file");
        assertThat(h.entries().get(2).revision()).isNull();
    }

    @Test
    void aCandidateIsListedAsSuchAndSupersededByTheNextOrWhenItEnds() {
        RevisionHistory h = new RevisionHistory(10, clock);
        h.live("aaa", "/p/default.yaml");
        h.candidate("ccc", "/p/candidate.yaml");
        h.candidate("ddd", "/p/candidate.yaml");
        assertThat(h.entries())
                .extracting(RevisionHistory.Entry::state)
                .containsExactly(
                        RevisionHistory.State.LIVE, RevisionHistory.State.SUPERSEDED, RevisionHistory.State.CANDIDATE);
        h.endCandidate();
        assertThat(h.entries())
                .extracting(RevisionHistory.Entry::state)
                .containsExactly(
                        RevisionHistory.State.LIVE, RevisionHistory.State.SUPERSEDED, RevisionHistory.State.SUPERSEDED);
        assertThat(h.entries().get(0).revision()).isEqualTo("aaa");
    }
}
