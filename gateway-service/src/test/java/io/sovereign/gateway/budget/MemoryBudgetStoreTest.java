package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The budget contract on the in-process store, plus its gauges. */
class MemoryBudgetStoreTest extends BudgetStoreContract {
    @Override
    BudgetStore newStore() {
        return new MemoryBudgetStore();
    }

    @Test
    void gaugesShowLimitSpentAndHeldPerTeam() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MemoryBudgetStore store = new MemoryBudgetStore(Clock.systemUTC(), registry)) {
            ReserveResult.Reserved r =
                    (ReserveResult.Reserved) store.reserve(request("legal", "alice", 9_000L, null, 4_000, NOV, TTL))
                            .join();
            store.settle(r.reservation(), onprem(1000, 1000)).join();
            store.reserve(request("legal", "alice", 9_000L, null, 3_000, NOV, TTL))
                    .join();

            assertThat(registry.get("gateway.budget.limit.micro.usd")
                            .tag("team", "legal")
                            .gauge()
                            .value())
                    .isEqualTo(9_000);
            assertThat(registry.get("gateway.budget.spent.micro.usd")
                            .tag("team", "legal")
                            .gauge()
                            .value())
                    .isEqualTo(250);
            assertThat(registry.get("gateway.budget.reserved.micro.usd")
                            .tag("team", "legal")
                            .gauge()
                            .value())
                    .isEqualTo(3_000);
        }
    }
}
