package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The candidate file's life: absent, valid, refused (the last good one stays), removed. */
class CandidateHolderTest {

    @Test
    void aCandidateIsLoadedRefusedAndEndedLikeALivePolicyAndRecordedAsCandidate(@TempDir Path dir) throws Exception {
        String live = Files.readString(GatewayHarness.repoRoot().resolve("policies/default.yaml"));
        RevisionHistory history = new RevisionHistory(10, Clock.systemUTC());
        Path file = dir.resolve("candidate.yaml");
        CandidateHolder h = new CandidateHolder(file, new PolicyParser(name -> null), history);
        assertThat(h.current()).isNull();
        assertThat(h.absence()).contains("no candidate policy file at " + file);
        assertThat(history.entries()).isEmpty();

        Files.writeString(file, live.replace("terms: [NIGHTJAR]", "terms: [NIGHTJAR, BLUEHERON]"));
        assertThat(h.reload()).isEqualTo(PolicyHolder.ReloadResult.SUCCESS);
        String good = h.current().revision();
        assertThat(h.loadedAt()).isNotNull();
        assertThat(history.entries()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(RevisionHistory.State.CANDIDATE);
            assertThat(e.revision()).isEqualTo(good);
            assertThat(e.source()).isEqualTo(file.toString());
        });
        assertThat(h.reload()).isEqualTo(PolicyHolder.ReloadResult.UNCHANGED);

        Files.writeString(file, live.replace("route: onprem\n", "route: nowhere\n"));
        assertThat(h.reload()).isEqualTo(PolicyHolder.ReloadResult.FAILURE);
        assertThat(h.current().revision()).isEqualTo(good);
        assertThat(history.entries().get(1).state()).isEqualTo(RevisionHistory.State.REFUSED);
        assertThat(history.entries().get(1).reason()).contains("unknown target 'nowhere'");
        assertThat(history.entries().get(0).state()).isEqualTo(RevisionHistory.State.CANDIDATE);

        Files.delete(file);
        assertThat(h.reload()).isEqualTo(PolicyHolder.ReloadResult.SUCCESS);
        assertThat(h.current()).isNull();
        assertThat(history.entries().get(0).state()).isEqualTo(RevisionHistory.State.SUPERSEDED);
        assertThat(h.reload()).isEqualTo(PolicyHolder.ReloadResult.UNCHANGED);
    }

    @Test
    void aRefusedCandidateWithNothingBeforeItLeavesNoShadowAndSaysWhy(@TempDir Path dir) throws Exception {
        RevisionHistory history = new RevisionHistory(10, Clock.systemUTC());
        Path file = dir.resolve("candidate.yaml");
        Files.writeString(file, "version: 1\nrules: []\n");
        CandidateHolder h = new CandidateHolder(file, new PolicyParser(name -> null), history);
        assertThat(h.current()).isNull();
        assertThat(h.absence()).contains("was refused");
        assertThat(history.entries()).singleElement().satisfies(e -> assertThat(e.state())
                .isEqualTo(RevisionHistory.State.REFUSED));
    }
}
