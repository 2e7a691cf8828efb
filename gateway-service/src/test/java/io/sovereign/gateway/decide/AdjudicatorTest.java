package io.sovereign.gateway.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.admin.ExplainerAccess;
import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.OffLoop;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

/** The one adjudicator: fail closed on a classifier error or the deadline, and the same answer for every caller. */
class AdjudicatorTest {

    static final GatewayPrincipal ALICE = new GatewayPrincipal(
            "alice", "engineering", Set.of(), Set.of("gateway-user"), GatewayPrincipal.Method.API_KEY);

    static final String POLICY = """
            version: 1
            targets:
              onprem: { location: onprem, url: "http://gpu:8000/v1", model: gpt-oss-20b, embedding_model: minilm }
              hosted: { location: external, url: "https://api.openai.com/v1", model: o3-mini, api_key: "sk-x", profile: openai-reasoning,
                        price: { input_per_million_usd: 1.10, output_per_million_usd: 4.40 } }
            sovereignty: { external_max_level: internal }
            classification:
              detectors:
                email: { level: confidential }
                codenames: { level: confidential, terms: [NIGHTJAR] }
            rules:
              - { name: sensitive, when: { level_at_least: confidential }, route: onprem }
              - { name: rest, route: hosted, fallback: onprem }
            """;

    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 10, "test-classifier");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        scheduler.dispose();
    }

    static Policy policy() throws Exception {
        return new PolicyParser(Map.<String, String>of()::get).parse(POLICY.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] chat(String model, String text) {
        ObjectNode body = RequestParser.JSON.createObjectNode().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return RequestParser.JSON.writeValueAsBytes(body);
    }

    /** A classifier that fails, as a bug or an unexpected input would make the real one fail. */
    static final Classifying BROKEN = new Classifying() {
        @Override
        public Classification classify(RequestContent content, Level skipSemanticAt, long deadlineNanos) {
            throw new IllegalStateException("detector bug");
        }

        @Override
        public boolean hasSemantic() {
            return false;
        }
    };

    /** A classifier that does not come back before the deadline (a semantic model stuck on a huge text). */
    Classifying stuck() {
        return new Classifying() {
            @Override
            public Classification classify(RequestContent content, Level skipSemanticAt, long deadlineNanos) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Classification(
                        Level.PUBLIC, new java.util.TreeMap<>(), java.util.List.of(), false, 0, content.modalities());
            }

            @Override
            public boolean hasSemantic() {
                return true; // so the pipeline's rules move it off the event loop, under the deadline
            }
        };
    }

    @Test
    void aFailingClassifierCountsAsRestrictedForEveryCaller() throws Exception {
        Policy policy = policy();
        Adjudicator adjudicator = new Adjudicator(p -> BROKEN, Duration.ofSeconds(2));
        CanonicalRequest request = RequestParser.parse(Endpoint.CHAT_COMPLETIONS, chat("auto", "hello"));

        Classification c = adjudicator.classify(policy, request, Long.MAX_VALUE);
        assertThat(c.level()).isEqualTo(Level.RESTRICTED);
        assertThat(c.detectorCounts()).containsOnlyKeys(Adjudicator.CLASSIFIER_ERROR);
        Adjudication a = adjudicator.decide("d1", ALICE, request, c, policy);
        assertThat(a.rule()).isEqualTo("sensitive");
        assertThat(a.target().name()).isEqualTo("onprem");
        assertThat(a.fallback()).isNull();

        // the explain endpoint (off the loop) and policy test (calling thread) say the same
        for (ObjectNode explained : new ObjectNode[] {
            ExplainerAccess.viaEndpoint(new OffLoop(adjudicator, scheduler, 1), policy, chat("auto", "hello"), ALICE),
            ExplainerAccess.viaCommandLine(adjudicator, policy, chat("auto", "hello"), ALICE)
        }) {
            assertThat(explained.path("level").asString()).isEqualTo("restricted");
            assertThat(explained.path("detectors").propertyNames()).containsExactly(Adjudicator.CLASSIFIER_ERROR);
            assertThat(explained.path("rule").asString()).isEqualTo("sensitive");
            assertThat(explained.path("target").asString()).isEqualTo("onprem");
            assertThat(explained.path("fallback").isNull()).isTrue();
        }
    }

    @Test
    void theDeadlineCountsAsRestrictedInTheExplainEndpointToo() throws Exception {
        Policy policy = policy();
        Adjudicator adjudicator = new Adjudicator(p -> stuck(), Duration.ofMillis(200));
        long start = System.nanoTime();
        ObjectNode explained = ExplainerAccess.viaEndpoint(
                new OffLoop(adjudicator, scheduler, Long.MAX_VALUE), policy, chat("o3-mini", "hello"), ALICE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(explained.path("level").asString()).isEqualTo("restricted");
        assertThat(explained.path("detectors").propertyNames()).containsExactly("budget:deadline");
        assertThat(explained.path("target").asString()).isEqualTo("onprem"); // the pinned hosted model is re-routed
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "auto|hello there",
                "auto|write to bob.jones@acme-industries.de please",
                "o3-mini|project NIGHTJAR",
                "o3-mini|what is 2+2",
                "gpt-oss-20b|hello"
            })
    void pipelineExplainAndPolicyTestDecideAlike(String input) throws Exception {
        Policy policy = policy();
        PolicyClassifiers real = new PolicyClassifiers();
        Function<Policy, Classifying> classifiers = p -> Classifying.of(real.apply(p));
        Adjudicator adjudicator = new Adjudicator(classifiers, Duration.ofSeconds(2));
        String[] parts = input.split("\\|");
        byte[] body = chat(parts[0], parts[1]);

        // the pipeline's CLASSIFY and DECIDE go through OffLoop exactly as below
        OffLoop offLoop = new OffLoop(adjudicator, scheduler, 32 * 1024);
        CanonicalRequest request = RequestParser.parse(Endpoint.CHAT_COMPLETIONS, body);
        Classification c = offLoop.classify(policy, request).block(Duration.ofSeconds(5));
        Adjudication pipeline =
                offLoop.decide("req-1", ALICE, request, c, policy).block(Duration.ofSeconds(5));

        for (ObjectNode explained : new ObjectNode[] {
            ExplainerAccess.viaEndpoint(offLoop, policy, body, ALICE),
            ExplainerAccess.viaCommandLine(adjudicator, policy, body, ALICE)
        }) {
            assertThat(explained.path("level").asString())
                    .isEqualTo(pipeline.level().wire());
            assertThat(explained.path("detectors").propertyNames()).containsExactlyElementsOf(pipeline.detectorIds());
            assertThat(explained.path("rule").asString()).isEqualTo(pipeline.rule());
            assertThat(explained.path("target").asString())
                    .isEqualTo(pipeline.target().name());
            assertThat(
                            explained.path("fallback").isNull()
                                    ? null
                                    : explained.path("fallback").asString())
                    .isEqualTo(
                            pipeline.fallback() == null
                                    ? null
                                    : pipeline.fallback().name());
            assertThat(explained.path("policy_revision").asString()).isEqualTo(pipeline.policyRevision());
        }
        if (parts[1].contains("@") || parts[1].contains("NIGHTJAR")) {
            assertThat(pipeline.target().name()).isEqualTo("onprem");
            assertThat(pipeline.fallback()).isNull();
        }
    }
}
