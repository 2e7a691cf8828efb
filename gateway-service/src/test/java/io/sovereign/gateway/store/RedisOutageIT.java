package io.sovereign.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sovereign.gateway.budget.BudgetLine;
import io.sovereign.gateway.budget.RedisBudgetStore;
import io.sovereign.gateway.budget.Reservation;
import io.sovereign.gateway.budget.ReservationRequest;
import io.sovereign.gateway.budget.ReserveResult;
import io.sovereign.gateway.budget.SettledUsage;
import io.sovereign.gateway.budget.Settlement;
import io.sovereign.gateway.budget.SpendTotals;
import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.quota.QuotaRequest;
import io.sovereign.gateway.quota.RedisQuotaService;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Redis SIGKILLed mid-run and restarted on the same port with AOF (appendfsync always): the stores behave
 * as configured while it is down, recover by themselves, lose no settled spend, and hold no reservation
 * past its TTL.
 */
@WithRedis(persistence = WithRedis.Persistence.AOF_ALWAYS, perTest = true)
class RedisOutageIT {
    static final YearMonth NOV = YearMonth.of(2026, 11);
    static final Price HOSTED = Price.ofUsdPerMillion("1.10", "0.55", "4.40");
    static final SettledUsage USAGE = new SettledUsage("hosted", "o3-mini", 700, 100, 250, HOSTED, null);
    static final Duration TIMEOUT = Duration.ofMillis(500);

    RedisServerProcess redis;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    static ReservationRequest request(String user, long amount, Duration ttl) {
        return new ReservationRequest(
                UUID.randomUUID().toString(),
                NOV,
                "legal",
                user,
                List.of(BudgetLine.team(1_000_000_000L)),
                amount,
                ttl);
    }

    static Reservation reserved(RedisBudgetStore store, ReservationRequest r) {
        ReserveResult result = store.reserve(r).join();
        assertThat(result).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) result).reservation();
    }

    @Test
    void failClosedRefusesWhileDownAndRecoversWithNothingLost() {
        try (RedisBudgetStore store = new RedisBudgetStore(redis.url(), TIMEOUT, StoreErrorMode.FAIL_CLOSED, metrics);
                RedisQuotaService quotas =
                        new RedisQuotaService(redis.url(), TIMEOUT, StoreErrorMode.FAIL_CLOSED, metrics)) {
            long cost = USAGE.costMicros();
            for (int i = 0; i < 20; i++) {
                store.settle(reserved(store, request("alice", 5_000, Duration.ofMinutes(5))), USAGE)
                        .join();
            }
            assertThat(quotas.acquire(new QuotaRequest("alice", "legal", 100L, 100_000L, 950))
                            .join()
                            .outcome())
                    .isEqualTo(QuotaDecision.Outcome.ALLOWED);
            reserved(store, request("crashed-replica", 7_000, Duration.ofSeconds(2))); // never settled
            Reservation inFlight = reserved(store, request("bob", 5_000, Duration.ofMinutes(5)));

            redis.kill();

            long start = System.nanoTime();
            ReserveResult down = store.reserve(request("alice", 5_000, Duration.ofMinutes(5)))
                    .join();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(down).isInstanceOfSatisfying(ReserveResult.StoreUnavailable.class, u -> assertThat(u.message())
                    .contains("fail-closed"));
            assertThat(metrics.counter("gateway.store.errors", "kind", "budget-reserve", "result", "denied")
                            .count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(quotas.acquire(new QuotaRequest("alice", "legal", 100L, 100_000L, 950))
                            .join()
                            .outcome())
                    .isEqualTo(QuotaDecision.Outcome.STORE_UNAVAILABLE);
            // the upstream answered while Redis was down: the spend is kept and written later
            assertThat(store.settle(inFlight, USAGE).join().outcome()).isEqualTo(Settlement.Outcome.DEFERRED);
            assertThat(store.deferredSettlements()).isEqualTo(1);
            assertThatThrownBy(() -> store.report(NOV).join()).hasCauseInstanceOf(StoreUnavailableException.class);

            redis.restart();

            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> store.reserve(request("alice", 1, Duration.ofMillis(1)))
                                    .join()
                            instanceof ReserveResult.Reserved);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> quotas.acquire(new QuotaRequest("alice", "legal", 100L, 100_000L, 950))
                                    .join()
                                    .outcome()
                            == QuotaDecision.Outcome.ALLOWED);
            await().atMost(Duration.ofSeconds(15)).until(() -> store.deferredSettlements() == 0);
            // the stuck reservation expires by its TTL (2 s) even though Redis restarted in between
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> store.report(NOV).join().teams().get("legal").reservedMicros() == 0);
            SpendTotals team = store.report(NOV).join().teams().get("legal");
            assertThat(team.spentMicros()).isEqualTo(21 * cost);
            assertThat(team.requests()).isEqualTo(21);
            assertThat(store.settle(inFlight, USAGE).join().outcome()).isEqualTo(Settlement.Outcome.ALREADY_SETTLED);
        }
    }

    @Test
    void aHungRedisTimesOutFailsClosedAndChargesOnceWhenItWakesUp() {
        try (RedisBudgetStore store = new RedisBudgetStore(redis.url(), TIMEOUT, StoreErrorMode.FAIL_CLOSED, metrics)) {
            Reservation inFlight = reserved(store, request("bob", 5_000, Duration.ofMinutes(5)));
            redis.pause();
            try {
                long start = System.nanoTime();
                ReserveResult slow = store.reserve(request("alice", 9_000, Duration.ofSeconds(2)))
                        .join();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                assertThat(slow)
                        .isInstanceOfSatisfying(ReserveResult.StoreUnavailable.class, u -> assertThat(u.message())
                                .contains("RedisCommandTimeoutException"));
                // timed out, but the command still sits in the socket and will run when Redis wakes up
                assertThat(store.settle(inFlight, USAGE).join().outcome()).isEqualTo(Settlement.Outcome.DEFERRED);
            } finally {
                redis.resume();
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> store.deferredSettlements() == 0);
            // the timed-out reservation did land late; its TTL (2 s) gives it back
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> store.report(NOV).join().teams().get("legal").reservedMicros() == 0);
            SpendTotals team = store.report(NOV).join().teams().get("legal");
            assertThat(team.spentMicros()).isEqualTo(USAGE.costMicros()); // once, though it was sent twice
            assertThat(team.requests()).isEqualTo(1);
        }
    }

    @Test
    void failOpenAllowsWhileDownCountsItAndChargesOnceBack() {
        try (RedisBudgetStore store = new RedisBudgetStore(redis.url(), TIMEOUT, StoreErrorMode.FAIL_OPEN, metrics);
                RedisQuotaService quotas =
                        new RedisQuotaService(redis.url(), TIMEOUT, StoreErrorMode.FAIL_OPEN, metrics)) {
            reserved(store, request("alice", 5_000, Duration.ofMinutes(5)));
            redis.kill();

            ReserveResult down = store.reserve(request("alice", 5_000, Duration.ofMinutes(5)))
                    .join();
            assertThat(down).isInstanceOfSatisfying(ReserveResult.Reserved.class, r -> assertThat(
                            r.reservation().enforced())
                    .isFalse());
            assertThat(metrics.counter("gateway.store.errors", "kind", "budget-reserve", "result", "allowed")
                            .count())
                    .isEqualTo(1);
            QuotaDecision q = quotas.acquire(new QuotaRequest("alice", "legal", 100L, 100_000L, 950))
                    .join();
            assertThat(q.outcome()).isEqualTo(QuotaDecision.Outcome.ALLOWED_UNENFORCED);
            assertThat(metrics.counter("gateway.store.errors", "kind", "quota", "result", "allowed")
                            .count())
                    .isEqualTo(1);
            Reservation unenforced = ((ReserveResult.Reserved) down).reservation();
            assertThat(store.settle(unenforced, USAGE).join().outcome()).isEqualTo(Settlement.Outcome.DEFERRED);

            redis.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> store.deferredSettlements() == 0);
            assertThat(store.report(NOV).join().teams().get("legal").spentMicros())
                    .isEqualTo(USAGE.costMicros());
        }
    }

    @Test
    void aKillUnderLoadLosesNoSettledSpendAndLeavesNoReservationPastItsTtl() throws Exception {
        killUnderLoad(redis);
    }

    /**
     * With {@code appendfsync everysec} Redis still write(2)s the AOF before it replies, so a killed Redis
     * PROCESS loses nothing acknowledged either; only an OS crash or power loss can lose the last ~1 s.
     */
    @Test
    @WithRedis(persistence = WithRedis.Persistence.AOF_EVERYSEC)
    void everysecAlsoSurvivesAProcessKill(RedisServerProcess everysec) throws Exception {
        killUnderLoad(everysec);
    }

    private void killUnderLoad(RedisServerProcess redis) throws Exception {
        try (RedisBudgetStore store = new RedisBudgetStore(redis.url(), TIMEOUT, StoreErrorMode.FAIL_CLOSED, metrics)) {
            long cost = USAGE.costMicros();
            AtomicInteger charged = new AtomicInteger(); // upstream answered and settle was called
            AtomicLong chargedMicros = new AtomicLong();
            AtomicInteger unavailable = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            try {
                for (int w = 0; w < 16; w++) {
                    int worker = w;
                    workers.add(CompletableFuture.runAsync(
                            () -> {
                                while (!stop.get()) {
                                    ReserveResult r = store.reserve(
                                                    request("user-" + worker % 5, 5_000, Duration.ofSeconds(2)))
                                            .join();
                                    if (r instanceof ReserveResult.Reserved held) {
                                        Settlement s = store.settle(held.reservation(), USAGE)
                                                .join();
                                        assertThat(s.outcome())
                                                .isIn(Settlement.Outcome.SETTLED, Settlement.Outcome.DEFERRED);
                                        charged.incrementAndGet();
                                        chargedMicros.addAndGet(s.costMicros());
                                    } else {
                                        assertThat(r).isInstanceOf(ReserveResult.StoreUnavailable.class);
                                        unavailable.incrementAndGet();
                                        java.util.concurrent.locks.LockSupport.parkNanos(
                                                1_000_000); // throttle: refusals are instant
                                    }
                                }
                            },
                            pool));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> charged.get() >= 150);
                redis.kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> unavailable.get() >= 100);
                redis.restart();
                int beforeRecovery = charged.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> charged.get() >= beforeRecovery + 150);
                stop.set(true);
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.deferredSettlements() == 0);
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> store.report(NOV).join().teams().get("legal").reservedMicros() == 0);
            SpendTotals team = store.report(NOV).join().teams().get("legal");
            assertThat(team.spentMicros()).isEqualTo(chargedMicros.get()).isEqualTo(charged.get() * cost);
            assertThat(team.requests()).isEqualTo(charged.get());
        }
    }
}
