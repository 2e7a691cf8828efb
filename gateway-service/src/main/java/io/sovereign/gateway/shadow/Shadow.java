package io.sovereign.gateway.shadow;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.CandidateHolder;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.PromptCounter;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The candidate policy in shadow: each live request, once its exchange is complete, is decided again by the
 * candidate, with the live classification when the candidate classifies alike ({@link PolicyClassifiers#fingerprint})
 * and with the candidate's own classifier (under the classifier deadline) when its detectors differ. It has no
 * effect: nothing is forwarded, no quota or budget is touched, and it runs on one bounded thread of its own after the
 * answer went out, so it adds nothing to a request's latency; when that thread's queue is full the comparison is
 * dropped and counted, never waited for. Differences go to the {@link ShadowReport}, reset for each new candidate
 * revision.
 */
public final class Shadow implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Shadow.class);

    /** Comparisons waiting for the shadow thread; beyond it they are dropped. */
    public static final int DEFAULT_QUEUE = 1024;

    /** What the pipeline knows of a finished request; {@code tokens} null when nothing was sent (no usage). */
    public record Input(
            String requestId,
            GatewayPrincipal principal,
            CanonicalRequest request,
            Classification classification,
            Adjudication live,
            Policy livePolicy,
            ShadowCost.Tokens tokens,
            long liveCostMicros) {}

    /**
     * The candidate's answer for one request; {@code reclassified} (with the candidate's classifier fingerprint) only
     * when the candidate classified the request itself.
     */
    public record Outcome(
            String candidateRevision,
            ShadowSide live,
            ShadowSide candidate,
            Classification reclassified,
            String candidateClassifier) {
        public boolean differs() {
            return !live.equals(candidate);
        }
    }

    /** Metrics: one call per comparison, and per comparison dropped. */
    public interface Observer {
        void shadowed(boolean differs);

        void dropped();
    }

    private final CandidateHolder candidates;
    private final Adjudicator adjudicator;
    private final PromptCounter counter;
    private final Observer observer;
    private final ThreadPoolExecutor executor;
    private final AtomicReference<ShadowReport> report = new AtomicReference<>();

    /**
     * @param candidates  the candidate file, or null when {@code gateway.policies.candidate-file} is not set
     * @param adjudicator the candidate's own (its own classifier cache, so the live one is never rebuilt)
     * @param counter     counts prompt tokens of a request the live policy refused and the candidate would send
     */
    public Shadow(
            CandidateHolder candidates,
            Adjudicator adjudicator,
            PromptCounter counter,
            Observer observer,
            int queueCapacity) {
        this.candidates = candidates;
        this.adjudicator = adjudicator;
        this.counter = counter;
        this.observer = observer;
        this.executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "policy-shadow");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The candidate in shadow, or null. */
    public Policy candidate() {
        return candidates == null ? null : candidates.current();
    }

    /**
     * Decides {@code in} with the candidate on the shadow thread; null when there is no candidate, and a failed future
     * ({@link RejectedExecutionException}) when the queue is full (counted as dropped).
     */
    public CompletableFuture<Outcome> evaluate(Input in) {
        Policy candidate = candidate();
        if (candidate == null || in.classification() == null) {
            return null;
        }
        try {
            return CompletableFuture.supplyAsync(() -> compare(candidate, in), executor);
        } catch (RejectedExecutionException full) {
            observer.dropped();
            return CompletableFuture.failedFuture(full);
        }
    }

    Outcome compare(Policy candidate, Input in) {
        String fingerprint = PolicyClassifiers.fingerprint(candidate);
        boolean alike = fingerprint.equals(PolicyClassifiers.fingerprint(in.livePolicy()));
        Classification c = alike
                ? in.classification()
                : adjudicator.classify(
                        candidate,
                        in.request(),
                        System.nanoTime() + adjudicator.deadline().toNanos());
        Adjudication a;
        try {
            a = adjudicator.decide(in.requestId(), in.principal(), in.request(), c, candidate);
        } catch (GatewayError refused) { // an unknown model: nothing the candidate would send
            a = null;
        } catch (RuntimeException e) {
            log.warn(
                    "shadow decision for request {} failed under candidate {}",
                    in.requestId(),
                    candidate.revision(),
                    e);
            a = null;
        }
        ShadowSide live = ShadowSide.of(in.live(), in.classification().level());
        ShadowSide to = ShadowSide.of(a, c.level());
        ShadowCost.Tokens tokens = in.tokens();
        if (tokens == null) {
            tokens = to.sends() && !live.equals(to)
                    ? new ShadowCost.Tokens(in.request().promptTokens(counter), 0, 0)
                    : ShadowCost.Tokens.NONE;
        }
        long delta = ShadowCost.deltaMicros(live, to, candidate, tokens, in.liveCostMicros());
        reportFor(candidate).add(in.livePolicy().revision(), in.requestId(), live, to, delta);
        observer.shadowed(!live.equals(to));
        return new Outcome(candidate.revision(), live, to, alike ? null : c, alike ? null : fingerprint);
    }

    private ShadowReport reportFor(Policy candidate) {
        ShadowReport r = report.get();
        while (r == null || !r.candidateRevision().equals(candidate.revision())) {
            ShadowReport fresh = new ShadowReport(candidate.revision(), sinceOf(candidate));
            if (report.compareAndSet(r, fresh)) {
                return fresh;
            }
            r = report.get();
        }
        return r;
    }

    private java.time.Instant sinceOf(Policy candidate) {
        return candidates.loadedAt() == null ? java.time.Instant.now() : candidates.loadedAt();
    }

    /** The report of the candidate now in shadow (empty when there is none). */
    public Optional<ObjectNode> report(String liveRevision) {
        Policy candidate = candidate();
        if (candidate == null) {
            return Optional.empty();
        }
        return Optional.of(reportFor(candidate).toJson(liveRevision));
    }

    /** Why there is no shadow (the 404's message). */
    public String absence() {
        return candidates == null
                ? "no candidate policy is configured: set gateway.policies.candidate-file to run one in shadow"
                : candidates.absence();
    }

    /** Waits until every comparison queued so far is done (tests and shutdown). */
    public boolean drain(java.time.Duration timeout) throws InterruptedException {
        CompletableFuture<Void> marker = CompletableFuture.runAsync(() -> {}, executor);
        try {
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws java.io.IOException {
        executor.shutdownNow();
        if (candidates != null) {
            candidates.close();
        }
    }
}
