package io.sovereign.gateway.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code gateway.classifier.*}: where classification runs and how long it may take. A request whose text and
 * attachments add up to {@code offload-threshold} or more, any attachment, and every request of a policy with
 * semantic topics is classified on a bounded scheduler ({@code threads}, {@code queue-capacity} tasks waiting)
 * instead of the event loop; past {@code deadline} the classification stops and the request counts as
 * restricted (detector {@code budget:deadline}). A full queue answers 503.
 */
@ConfigurationProperties("gateway.classifier")
public record ClassifierProperties(
        @DefaultValue("2s") Duration deadline,
        @DefaultValue("32KB") DataSize offloadThreshold,
        @DefaultValue("0") int threads,
        @DefaultValue("1000") int queueCapacity) {

    /** The default of {@code deadline}, also what {@code policy test} classifies under. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

    public ClassifierProperties {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("gateway.classifier.deadline must be positive");
        }
        if (offloadThreshold.isNegative()) {
            throw new IllegalArgumentException("gateway.classifier.offload-threshold must not be negative");
        }
        if (threads < 0 || queueCapacity < 1) {
            throw new IllegalArgumentException("gateway.classifier.threads must be >= 0 (0 = one per CPU, at least 2)"
                    + " and gateway.classifier.queue-capacity >= 1");
        }
    }

    /** Threads of the classifier scheduler: as configured, or one per CPU (at least 2). */
    public int threadCount() {
        return threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
