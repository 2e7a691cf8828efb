package io.sovereign.gateway.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.classify.ClassifierBudget;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;

/**
 * CLASSIFY: runs the policy's detectors over everything that would leave the building (values, keys,
 * attachments). Small text-only requests are classified inline (microseconds); a large body, any attachment and
 * a policy with semantic topics move the work to a bounded scheduler off the event loop, under a deadline.
 * Fails closed: an error or the deadline counts as the highest level.
 */
public final class ClassifyFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClassifyFilter.class);

    private final PolicyHolder policies;
    private final Function<Policy, Classifier> classifiers;
    private final Scheduler scheduler;
    private final Duration deadline;
    private final long offloadChars;
    private final ClassifierObserver observer;

    /** Where classification outcomes are reported (metrics); never sees matched values. */
    public interface ClassifierObserver {
        void classified(Classification c, boolean semantic);
    }

    /**
     * @param deadline     how long classification may take, queueing included
     * @param offloadChars from this many characters of text and attachments on, classify off the event loop
     */
    public ClassifyFilter(PolicyHolder policies, Function<Policy, Classifier> classifiers, Scheduler scheduler,
                          Duration deadline, long offloadChars, ClassifierObserver observer) {
        this.policies = policies;
        this.classifiers = classifiers;
        this.scheduler = scheduler;
        this.deadline = deadline;
        this.offloadChars = offloadChars;
        this.observer = observer;
    }

    @Override
    public int getOrder() {
        return Stage.CLASSIFY.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        if (ctx.policy() == null) {
            ctx.policy(policies.current());   // this request is decided and settled under this revision
        }
        Policy policy = ctx.policy();
        Classifier classifier = classifiers.apply(policy);
        RequestContent content = content(ctx.request());   // one walk, no decoding: cheap on the event loop
        Level skipSemanticAt = policy.sovereignty().firstLevelKeptHome();
        boolean offload = classifier.hasSemantic() || !content.attachments().isEmpty() || content.chars() >= offloadChars;
        if (!offload) {
            ctx.classification(classifySafely(classifier, content, skipSemanticAt, Classifier.NO_DEADLINE));
            observer.classified(ctx.classification(), false);
            return chain.filter(exchange);
        }
        long due = System.nanoTime() + deadline.toNanos();
        return Mono.fromCallable(() -> classifySafely(classifier, content, skipSemanticAt, due))
                .subscribeOn(scheduler)
                // the classifier stops itself at the deadline; this covers time spent queueing or inside one detector
                .timeout(deadline.plusMillis(50), Mono.fromSupplier(() -> failClosed(ClassifierBudget.DEADLINE.id(), content)))
                // what follows (token counting, serialising the body) is also per-byte work on this large body: keep it
                // here, not on the timer thread the timeout fired on, whose other timers would wait behind it
                .publishOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> new GatewayError.Unavailable("classifier_busy",
                        "The gateway is classifying too many large requests right now; retry in a moment."))
                .flatMap(c -> {
                    ctx.classification(c);
                    observer.classified(c, classifier.hasSemantic());
                    return chain.filter(exchange);
                });
    }

    /** Every piece of text in the request that would leave the building (attachments not decoded). */
    public static List<TextSegment> segments(CanonicalRequest request) {
        return request.content().segments();
    }

    /** Texts, keys, attachments and input kinds of the request, as the classifier takes them. */
    public static RequestContent content(CanonicalRequest request) {
        return request.content();
    }

    private static Classification classifySafely(Classifier classifier, RequestContent content, Level skipSemanticAt,
                                                 long due) {
        try {
            return classifier.classify(content, skipSemanticAt, due);
        } catch (RuntimeException e) {
            log.error("classifier failed; treating the request as restricted (fail closed)", e);
            return failClosed("classifier-error", content);
        }
    }

    private static Classification failClosed(String detectorId, RequestContent content) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        counts.put(detectorId, 1);
        return new Classification(Level.RESTRICTED, counts, List.of(), true, 0, content.modalities());
    }
}
