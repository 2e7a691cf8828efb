package io.sovereign.gateway.budget;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The latest budget figures per team seen by this replica, exported as gauges
 * {@code gateway.budget.limit.micro.usd}, {@code gateway.budget.spent.micro.usd} and
 * {@code gateway.budget.reserved.micro.usd} (tag {@code team}). Updated from the replies of reserve and
 * settle, so reading them costs no store round trip; with several replicas take the max across them.
 */
public final class BudgetGauges {
    private final MeterRegistry registry;
    private final Map<String, BudgetSnapshot> latest = new ConcurrentHashMap<>();

    /** registry may be null (no gauges, snapshots only). */
    public BudgetGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void update(BudgetSnapshot snapshot) {
        BudgetSnapshot previous = latest.put(snapshot.team(), snapshot);
        if (previous == null && registry != null) {
            String team = snapshot.team();
            gauge("gateway.budget.limit.micro.usd", team, s -> s.limitMicros() < 0 ? Double.NaN : s.limitMicros());
            gauge("gateway.budget.spent.micro.usd", team, BudgetSnapshot::spentMicros);
            gauge("gateway.budget.reserved.micro.usd", team, BudgetSnapshot::reservedMicros);
        }
    }

    /** Limit of a team as last checked, or -1 if unknown. */
    long limitOf(String team) {
        BudgetSnapshot s = latest.get(team);
        return s == null ? -1 : s.limitMicros();
    }

    Collection<BudgetSnapshot> all() {
        return List.copyOf(latest.values());
    }

    private void gauge(String name, String team, ToDoubleFunction<BudgetSnapshot> value) {
        Gauge.builder(name, latest, m -> {
                    BudgetSnapshot s = m.get(team);
                    return s == null ? Double.NaN : value.applyAsDouble(s);
                })
                .tag("team", team)
                .register(registry);
    }
}
