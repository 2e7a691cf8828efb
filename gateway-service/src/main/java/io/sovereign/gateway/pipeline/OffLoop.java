package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.request.CanonicalRequest;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where the adjudicator runs, for the pipeline and the explain endpoint alike: small text-only requests inline
 * (microseconds), a large body, any attachment and a policy with semantic topics on the bounded classifier
 * scheduler under the deadline ({@code gateway.classifier.*}); a full scheduler answers 503.
 */
public final class OffLoop {

    private final Adjudicator adjudicator;
    private final Scheduler scheduler;
    private final long offloadChars;

    /** @param offloadChars from this many characters of text and attachments on, classify off the event loop */
    public OffLoop(Adjudicator adjudicator, Scheduler scheduler, long offloadChars) {
        this.adjudicator = adjudicator;
        this.scheduler = scheduler;
        this.offloadChars = offloadChars;
    }

    public Adjudicator adjudicator() {
        return adjudicator;
    }

    /** Whether classifying this request leaves the event loop. */
    public boolean offloads(Policy policy, CanonicalRequest request) {
        return adjudicator.heavy(policy)
                || !request.content().attachments().isEmpty()
                || request.content().chars() >= offloadChars;
    }

    /** Classification inline, or off the loop under the deadline (its end counts as restricted). */
    public Mono<Classification> classify(Policy policy, CanonicalRequest request) {
        if (!offloads(policy, request)) {
            return Mono.just(adjudicator.classify(policy, request, Classifier.NO_DEADLINE));
        }
        Duration deadline = adjudicator.deadline();
        long due = System.nanoTime() + deadline.toNanos();
        return Mono.fromCallable(() -> adjudicator.classify(policy, request, due))
                .subscribeOn(scheduler)
                // the classifier stops itself at the deadline; this covers time spent queueing or inside one detector
                .timeout(deadline.plusMillis(50), Mono.fromSupplier(() -> Adjudicator.timedOut(request.content())))
                // what follows (token counting, serialising the body) is also per-byte work on this large body: keep it
                // here, not on the timer thread the timeout fired on, whose other timers would wait behind it
                .publishOn(scheduler)
                .onErrorMap(
                        RejectedExecutionException.class,
                        e -> new GatewayError.Unavailable(
                                "classifier_busy",
                                "The gateway is classifying too many large requests right now; retry in a moment."));
    }

    /** The decision; off the loop when a redact rule's classifying again may run the semantic model. */
    public Mono<Adjudication> decide(
            String decisionId, GatewayPrincipal principal, CanonicalRequest request, Classification c, Policy policy) {
        if (!adjudicator.heavy(policy)) {
            return Mono.fromCallable(() -> adjudicator.decide(decisionId, principal, request, c, policy));
        }
        return Mono.fromCallable(() -> adjudicator.decide(decisionId, principal, request, c, policy))
                .subscribeOn(scheduler);
    }
}
