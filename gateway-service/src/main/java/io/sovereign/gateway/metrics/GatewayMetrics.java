package io.sovereign.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.policy.Target;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's Micrometer meters (Prometheus names {@code gateway_*}). Label values are bounded: teams,
 * targets, rules and models come from the policy, anything a caller invents folds into {@code other};
 * user ids and request ids never become labels.
 */
public final class GatewayMetrics
        implements ClassifierObserver, DecisionObserver, UpstreamObserver, io.sovereign.gateway.shadow.Shadow.Observer {

    /** 1 ms .. 60 s, roughly doubling: enough resolution for both a stub upstream and a slow model. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;
    private final PolicyHolder policies;
    private final AtomicReference<String> liveRevision = new AtomicReference<>();
    private final Map<java.util.List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final Map<java.util.List<String>, Counter> counters = new ConcurrentHashMap<>();

    private final java.util.function.Predicate<String> targetUp;
    private final Set<String> upTargets = ConcurrentHashMap.newKeySet();

    /** {@code targetUp}: whether a target's circuit lets calls through (closed or trying), by target name. */
    public GatewayMetrics(
            MeterRegistry registry, PolicyHolder policies, java.util.function.Predicate<String> targetUp) {
        this.registry = registry;
        this.policies = policies;
        this.targetUp = targetUp;
    }

    private final Set<String> softLimitTeams = ConcurrentHashMap.newKeySet();

    /**
     * Creates the event counters at zero for every label value the policy and the key file already name, so
     * that dashboards and alerts see a series (of 0) before the first fallback, rejection or timeout.
     */
    public void preregister(Policy policy, java.util.Collection<String> teams) {
        for (Target t : policy.targets().values()) {
            if (upTargets.add(t.name())) {
                // 1 = may be called; 0 = not configured (no key), gone from the policy, or circuit open
                Gauge.builder("gateway.target.up", policies, h -> {
                            Target live = h.current().target(t.name());
                            return live != null && live.available() && targetUp.test(t.name()) ? 1 : 0;
                        })
                        .tag("target", t.name())
                        .register(registry);
            }
            for (FailureKind kind : FailureKind.values()) {
                String k = kind.name().toLowerCase(java.util.Locale.ROOT);
                registry.counter("gateway.upstream.errors", "target", t.name(), "kind", k);
                registry.counter("gateway.fallbacks", "target", t.name(), "kind", k);
            }
        }
        registry.counter("gateway.shadow.decisions", "result", "same");
        registry.counter("gateway.shadow.decisions", "result", "differs");
        registry.counter("gateway.shadow.dropped");
        registry.counter("gateway.policy.reloads", "result", "success");
        registry.counter("gateway.policy.reloads", "result", "failure");
        registry.counter("gateway.classifier.timeouts");
        policy.detectors().keySet().forEach(id -> registry.counter("gateway.detector.hits", "detector", id));
        policy.rules().forEach(r -> {
            for (io.sovereign.gateway.classify.Level level : io.sovereign.gateway.classify.Level.values()) {
                registry.counter("gateway.decisions", "rule", r.name(), "level", level.wire());
            }
        });
        for (String team : teams) {
            registry.counter("gateway.quota.rejections", "team", team, "kind", "requests");
            registry.counter("gateway.quota.rejections", "team", team, "kind", "tokens");
            registry.counter("gateway.budget.rejections", "team", team, "result", "deny");
            registry.counter("gateway.budget.rejections", "team", team, "result", "downgrade");
            budgetSoftLimit(team);
        }
    }

    /** The soft line of a team's monthly budget under the live policy (NaN when it has none). */
    public void budgetSoftLimit(String team) {
        if (softLimitTeams.add(team)) {
            Gauge.builder("gateway.budget.soft.limit.micro.usd", policies, h -> {
                        var line = h.current().budgetFor(io.sovereign.gateway.policy.Limits.Scope.TEAM, team);
                        return line == null || line.softMicros() == null ? Double.NaN : line.softMicros();
                    })
                    .tag("team", team)
                    .register(registry);
        }
    }

    /** Registers the per-revision gauge; call after the policy loaded and after each reload. */
    public void policyRevision(Policy policy) {
        String previous = liveRevision.getAndSet(policy.revision());
        if (previous != null && !previous.equals(policy.revision())) {
            registry.find("gateway.policy.revision.info")
                    .tag("revision", previous)
                    .meters()
                    .forEach(registry::remove);
        }
        Gauge.builder("gateway.policy.revision.info", () -> 1)
                .tag("revision", policy.revision())
                .description("The live policy revision (value is always 1)")
                .register(registry);
    }

    /** {@code gateway_shadow_decisions_total{result="same|differs"}}: the candidate in shadow against the live policy. */
    @Override
    public void shadowed(boolean differs) {
        registry.counter("gateway.shadow.decisions", "result", differs ? "differs" : "same")
                .increment();
    }

    /** {@code gateway_shadow_dropped_total}: comparisons dropped because the shadow's queue was full. */
    @Override
    public void dropped() {
        registry.counter("gateway.shadow.dropped").increment();
    }

    public void policyReload(PolicyHolder.ReloadResult result) {
        if (result == PolicyHolder.ReloadResult.UNCHANGED) {
            return;
        }
        registry.counter("gateway.policy.reloads", "result", result.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        if (result == PolicyHolder.ReloadResult.SUCCESS) {
            policyRevision(policies.current());
        }
    }

    @Override
    public void classified(Classification c, boolean semantic) {
        timer("gateway.classifier.duration", "kind", semantic ? "semantic" : "cheap")
                .record(c.nanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        if (c.timedOut()) {
            registry.counter("gateway.classifier.timeouts").increment();
        }
        Set<String> known = policies.current().detectors().keySet();
        c.detectorCounts().forEach((id, n) -> counter(
                        "gateway.detector.hits",
                        "detector",
                        known.contains(id) || io.sovereign.gateway.classify.ClassifierBudget.reserved(id)
                                ? id
                                : "other")
                .increment(n));
    }

    @Override
    public void decided(Decision d) {
        counter("gateway.decisions", "rule", d.rule(), "level", d.level().wire())
                .increment();
    }

    @Override
    public void failed(Target target, FailureKind kind) {
        counter(
                        "gateway.upstream.errors",
                        "target",
                        target.name(),
                        "kind",
                        kind.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }

    @Override
    public void fellBack(Target from, Target to, FailureKind kind) {
        counter("gateway.fallbacks", "target", from.name(), "kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }

    /** A latency histogram with the gateway's buckets; {@code tags} are key, value pairs. */
    public Timer timer(String name, String... tags) {
        return timers.computeIfAbsent(key(name, tags), k -> Timer.builder(name)
                .tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
    }

    /** A counter, looked up without building and sorting Micrometer tags on every request. */
    public Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> registry.counter(name, tags));
    }

    private static java.util.List<String> key(String name, String[] tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return java.util.Arrays.asList(key);
    }
}
