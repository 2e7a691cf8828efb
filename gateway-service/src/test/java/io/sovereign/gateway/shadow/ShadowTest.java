package io.sovereign.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.decide.Classifying;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.CandidateHolder;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.policy.RevisionHistory;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow engine: one classification when the candidate classifies alike, a bounded queue that drops and counts. */
class ShadowTest {

    static final GatewayPrincipal ALICE = new GatewayPrincipal(
            "alice", "engineering", Set.of(), Set.of("gateway-user"), GatewayPrincipal.Method.API_KEY);

    final String liveText = read();
    final Policy live = parse(liveText);
    final PolicyClassifiers liveClassifiers = new PolicyClassifiers();
    final Adjudicator liveAdjudicator =
            new Adjudicator(p -> Classifying.of(liveClassifiers.apply(p)), Duration.ofSeconds(2));
    final AtomicInteger shadowClassifications = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger same = new AtomicInteger();
    final AtomicInteger differs = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    Shadow shadow;

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (shadow != null) {
            shadow.close();
        }
    }

    static String read() {
        try {
            return Files.readString(GatewayHarness.repoRoot().resolve("policies/default.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Policy parse(String text) {
        try {
            return new PolicyParser(name -> null).parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (io.sovereign.gateway.policy.PolicyException e) {
            throw new IllegalStateException(e);
        }
    }

    Shadow shadow(Path dir, String candidateText, boolean blocking, int queue) throws Exception {
        Path file = dir.resolve("candidate.yaml");
        Files.writeString(file, candidateText);
        CandidateHolder candidates =
                new CandidateHolder(file, new PolicyParser(name -> null), new RevisionHistory(10, Clock.systemUTC()));
        PolicyClassifiers own = new PolicyClassifiers();
        Classifying counting = new Classifying() {
            @Override
            public Classification classify(RequestContent content, Level skipSemanticAt, long deadlineNanos) {
                shadowClassifications.incrementAndGet();
                if (blocking) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return own.apply(candidates.current()).classify(content, skipSemanticAt, deadlineNanos);
            }

            @Override
            public boolean hasSemantic() {
                return false;
            }
        };
        Shadow.Observer observer = new Shadow.Observer() {
            @Override
            public void shadowed(boolean d) {
                (d ? differs : same).incrementAndGet();
            }

            @Override
            public void dropped() {
                dropped.incrementAndGet();
            }
        };
        shadow = new Shadow(
                candidates, new Adjudicator(p -> counting, Duration.ofSeconds(2)), segments -> 11, observer, queue);
        return shadow;
    }

    Shadow.Input input(String id, String text) {
        CanonicalRequest request = RequestParser.parse(
                Endpoint.CHAT_COMPLETIONS,
                ("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
        Classification c = liveAdjudicator.classify(live, request, Long.MAX_VALUE);
        Adjudication a = liveAdjudicator.decide(id, ALICE, request, c, live);
        return new Shadow.Input(id, ALICE, request, c, a, live, new ShadowCost.Tokens(11, 0, 7), 43);
    }

    @Test
    void aCandidateWithTheSameDetectorsReusesTheLiveClassification(@TempDir Path dir) throws Exception {
        Shadow s = shadow(dir, liveText.replace("    fallback: onprem ", "    # no fallback "), false, 8);
        Shadow.Outcome plain = s.evaluate(input("r1", "hello there")).get(10, TimeUnit.SECONDS);
        Shadow.Outcome mail =
                s.evaluate(input("r2", "mail jane.doe@acme-corp.com")).get(10, TimeUnit.SECONDS);

        assertThat(shadowClassifications).hasValue(0);
        assertThat(plain.reclassified()).isNull();
        assertThat(plain.differs()).isTrue();
        assertThat(plain.live().fallback()).isEqualTo("onprem");
        assertThat(plain.candidate().fallback()).isNull();
        assertThat(mail.differs()).isFalse();
        assertThat(same).hasValue(1);
        assertThat(differs).hasValue(1);
        assertThat(s.report(live.revision()).orElseThrow().path("requests").asLong())
                .isEqualTo(2);
    }

    @Test
    void aCandidateWithOtherDetectorsClassifiesOnItsOwnThreadAndAFullQueueDropsAndCounts(@TempDir Path dir)
            throws Exception {
        Shadow s = shadow(dir, liveText.replace("terms: [NIGHTJAR]", "terms: [NIGHTJAR, BLUEHERON]"), true, 1);
        CompletableFuture<Shadow.Outcome> running = s.evaluate(input("r1", "the BLUEHERON plan"));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAtomic(shadowClassifications, org.hamcrest.Matchers.equalTo(1));
        CompletableFuture<Shadow.Outcome> queued = s.evaluate(input("r2", "hello"));
        CompletableFuture<Shadow.Outcome> full = s.evaluate(input("r3", "hello again"));

        assertThatThrownBy(() -> full.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(dropped).hasValue(1);
        assertThat(running).isNotDone(); // the caller never waited for it: it only runs on the shadow thread

        release.countDown();
        Shadow.Outcome codename = running.get(10, TimeUnit.SECONDS);
        assertThat(codename.reclassified().detectorCounts()).containsKey("codenames");
        assertThat(codename.candidateClassifier()).isEqualTo(PolicyClassifiers.fingerprint(s.candidate()));
        assertThat(codename.candidate().target()).isEqualTo("onprem");
        assertThat(codename.live().target()).isEqualTo("hosted");
        assertThat(queued.get(10, TimeUnit.SECONDS).differs()).isFalse();
        assertThat(List.of(same.get(), differs.get())).containsExactly(1, 1);
        assertThat(s.report(live.revision()).orElseThrow().path("requests").asLong())
                .isEqualTo(2);
    }

    @Test
    void withoutACandidateNothingIsCompared(@TempDir Path dir) throws Exception {
        Shadow s = new Shadow(null, liveAdjudicator, segments -> 0, null, 8);
        shadow = s;
        assertThat(s.evaluate(input("r1", "hello"))).isNull();
        assertThat(s.report(live.revision())).isEmpty();
        assertThat(s.absence()).contains("gateway.policies.candidate-file");
    }
}
