package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas = two RedisBudgetStores with their own Lettuce clients, one redis-server,
 * 400 concurrent requests: the budget is never exceeded, no request is refused needlessly, and the
 * ledger equals the upstream's reported usage times the price, to the micro-dollar.
 */
@WithRedis
class TwoReplicasBudgetIT {
    static final YearMonth NOV = YearMonth.of(2026, 11);
    static final Price HOSTED = Price.ofUsdPerMillion("1.10", "0.55", "4.40");
    static final Price ONPREM = Price.ofUsdPerMillion("0.05", null, "0.20");
    static RedisServerProcess redis;

    private static RedisBudgetStore replica(String prefix) {
        return new RedisBudgetStore(redis.url(), Duration.ofSeconds(2), StoreErrorMode.FAIL_CLOSED, null, prefix);
    }

    @Test
    void aTeamBudgetThatFitsNRequestsAdmitsNAcrossTwoReplicas() throws Exception {
        String prefix = "r" + UUID.randomUUID().toString().substring(0, 6);
        // the stub's fixed usage: 512 prompt tokens, 300 completion tokens; max_tokens = 300 -> worst case = actual
        long cost = HOSTED.costMicros(512, 0, 300);
        int n = 57;
        long limit = n * cost + cost - 1;
        try (RedisBudgetStore a = replica(prefix);
                RedisBudgetStore b = replica(prefix)) {
            Result r = run(
                    400,
                    i -> i % 2 == 0 ? a : b,
                    i -> new ReservationRequest(
                            UUID.randomUUID().toString(),
                            NOV,
                            "legal",
                            "user-" + (i % 13),
                            List.of(BudgetLine.team(limit)),
                            HOSTED.worstCaseMicros(512, 300),
                            Duration.ofMinutes(5)),
                    new SettledUsage("hosted", "o3-mini", 512, 0, 300, HOSTED, ONPREM));

            assertThat(r.ok.get()).isBetween(n - 1, n);
            SpendReport report = b.report(NOV).join();
            SpendTotals team = report.teams().get("legal");
            assertThat(team.spentMicros())
                    .isEqualTo(r.charged.get())
                    .isEqualTo(r.ok.get() * cost)
                    .isLessThanOrEqualTo(limit);
            assertThat(team.requests()).isEqualTo(r.ok.get());
            assertThat(team.inputTokens()).isEqualTo(512L * r.ok.get());
            assertThat(team.outputTokens()).isEqualTo(300L * r.ok.get());
            assertThat(team.reservedMicros()).isZero();
            assertThat(a.report(NOV).join().toJson()).isEqualTo(report.toJson());
        }
    }

    @Test
    void userLinesHoldAcrossTwoReplicasToo() throws Exception {
        String prefix = "u" + UUID.randomUUID().toString().substring(0, 6);
        long cost = ONPREM.costMicros(2000, 0, 1000); // 100 + 200 = 300
        int perUser = 11;
        long userLimit = perUser * cost; // exactly 11 fit
        try (RedisBudgetStore a = replica(prefix);
                RedisBudgetStore b = replica(prefix)) {
            Map<String, AtomicInteger> okByUser = new ConcurrentHashMap<>();
            Result r = run(
                    300,
                    i -> i % 2 == 0 ? a : b,
                    i -> new ReservationRequest(
                            UUID.randomUUID().toString(),
                            NOV,
                            "legal",
                            "user-" + (i % 3),
                            List.of(BudgetLine.team(1_000_000_000L), BudgetLine.user(userLimit)),
                            cost,
                            Duration.ofMinutes(5)),
                    new SettledUsage("onprem", "gpt-oss-20b", 2000, 0, 1000, ONPREM, HOSTED));

            assertThat(r.ok.get()).isEqualTo(3 * perUser); // exact: worst case == actual, so no needless refusal
            SpendReport report = a.report(NOV).join();
            for (String user : List.of("user-0", "user-1", "user-2")) {
                assertThat(report.users().get(user).spentMicros()).isEqualTo(userLimit);
                assertThat(report.users().get(user).limitMicros()).isEqualTo(userLimit);
            }
            // on-prem traffic: savings = the hosted price of the same tokens minus the on-prem cost
            long hosted = HOSTED.costMicros(2000, 0, 1000);
            assertThat(report.teams().get("legal").savingsMicros()).isEqualTo(3L * perUser * (hosted - cost));
        }
    }

    record Result(AtomicInteger ok, AtomicLong charged) {}

    interface Pick<T> {
        T at(int i);
    }

    private static Result run(
            int requests, Pick<BudgetStore> store, Pick<ReservationRequest> request, SettledUsage usage)
            throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicLong charged = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int k = i;
                all.add(CompletableFuture.runAsync(
                        () -> {
                            BudgetStore s = store.at(k);
                            ReserveResult res = s.reserve(request.at(k)).join();
                            assertThat(res).isNotInstanceOf(ReserveResult.StoreUnavailable.class);
                            if (res instanceof ReserveResult.Reserved held) {
                                Settlement settled =
                                        s.settle(held.reservation(), usage).join();
                                assertThat(settled.outcome()).isEqualTo(Settlement.Outcome.SETTLED);
                                ok.incrementAndGet();
                                charged.addAndGet(settled.costMicros());
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        return new Result(ok, charged);
    }
}
