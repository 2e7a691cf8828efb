package io.sovereign.gateway.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
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
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.RequestText;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.openai.ChatCompletionRequest;
import io.sovereign.gateway.openai.ParsedRequest;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;

/**
 * CLASSIFY: runs the policy's detectors over every piece of text that would leave the building. Cheap
 * detectors run inline (microseconds); when the policy has semantic topics the work moves to a bounded
 * scheduler off the event loop. Fails closed: an error or a timeout counts as the highest level.
 */
public final class ClassifyFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClassifyFilter.class);

    private final PolicyHolder policies;
    private final Function<Policy, Classifier> classifiers;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final ClassifierObserver observer;

    /** Where classification outcomes are reported (metrics); never sees matched values. */
    public interface ClassifierObserver {
        void classified(Classification c, boolean semantic);
    }

    public ClassifyFilter(PolicyHolder policies, Function<Policy, Classifier> classifiers, Scheduler scheduler,
                          Duration timeout, ClassifierObserver observer) {
        this.policies = policies;
        this.classifiers = classifiers;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.observer = observer;
    }

    @Override
    public int getOrder() {
        return Stage.CLASSIFY.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Policy policy = policies.current();
        ctx.policy(policy);          // this request is decided and settled under this revision
        Classifier classifier = classifiers.apply(policy);
        List<TextSegment> segments = segments(ctx.request());
        Level skipSemanticAt = policy.sovereignty().firstLevelKeptHome();
        if (!classifier.hasSemantic()) {
            ctx.classification(classifySafely(classifier, segments, skipSemanticAt));
            observer.classified(ctx.classification(), false);
            return chain.filter(exchange);
        }
        return Mono.fromCallable(() -> classifySafely(classifier, segments, skipSemanticAt))
                .subscribeOn(scheduler)
                .timeout(timeout, Mono.fromSupplier(() -> failClosed("classifier time limit of " + timeout.toMillis() + " ms exceeded", true)))
                .flatMap(c -> {
                    ctx.classification(c);
                    observer.classified(c, true);
                    return chain.filter(exchange);
                });
    }

    /** Every piece of text in the request that would leave the building. */
    public static List<TextSegment> segments(ParsedRequest request) {
        return request instanceof ChatCompletionRequest ? RequestText.ofChatCompletion(request.body())
                : RequestText.ofEmbeddings(request.body());
    }

    private static Classification classifySafely(Classifier classifier, List<TextSegment> segments, Level skipSemanticAt) {
        try {
            return classifier.classify(segments, skipSemanticAt);
        } catch (RuntimeException e) {
            log.error("classifier failed; treating the request as restricted (fail closed)", e);
            return failClosed("classifier error", false);
        }
    }

    private static Classification failClosed(String why, boolean timedOut) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        counts.put(timedOut ? "classifier-timeout" : "classifier-error", 1);
        return new Classification(Level.RESTRICTED, counts, List.of(), true, 0);
    }
}
