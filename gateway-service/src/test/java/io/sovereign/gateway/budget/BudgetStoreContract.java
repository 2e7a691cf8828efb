package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sovereign.gateway.money.Price;
import java.time.Duration;
import java.time.LocalDate;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one contract every {@link BudgetStore} must keep, run against the memory and the Redis stores.
 * Amounts are chosen so that an off-by-one micro-dollar fails.
 */
abstract class BudgetStoreContract {
    static final YearMonth NOV = YearMonth.of(2026, 11);
    static final YearMonth DEC = YearMonth.of(2026, 12);
    static final Duration TTL = Duration.ofMinutes(5);
    /** hosted: $1.10 in, $0.55 cached in, $4.40 out per 1M tokens; onprem: $0.05 / $0.20. */
    static final Price HOSTED = Price.ofUsdPerMillion("1.10", "0.55", "4.40");

    static final Price ONPREM = Price.ofUsdPerMillion("0.05", null, "0.20");

    BudgetStore store;

    abstract BudgetStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ReservationRequest request(
            String team, String user, Long teamLimit, Long userLimit, long amount, YearMonth month, Duration ttl) {
        List<BudgetLine> lines = new ArrayList<>();
        if (teamLimit != null) {
            lines.add(BudgetLine.team(teamLimit));
        }
        if (userLimit != null) {
            lines.add(BudgetLine.user(userLimit));
        }
        return new ReservationRequest(UUID.randomUUID().toString(), month, team, user, lines, amount, ttl);
    }

    static SettledUsage hosted(long in, long cached, long out) {
        return new SettledUsage("hosted", "o3-mini", in, cached, out, HOSTED, ONPREM);
    }

    static SettledUsage onprem(long in, long out) {
        return new SettledUsage("onprem", "gpt-oss-20b", in, 0, out, ONPREM, HOSTED);
    }

    Reservation reserved(ReservationRequest r) {
        ReserveResult result = store.reserve(r).join();
        assertThat(result).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) result).reservation();
    }

    SpendReport report(YearMonth month) {
        return store.report(month).join();
    }

    @Test
    void reservationHoldsTheAmountOnTeamAndUser() {
        Reservation r = reserved(request("legal", "alice", 1_000_000L, 500_000L, 123_457, NOV, TTL));
        assertThat(r.enforced()).isTrue();
        SpendReport report = report(NOV);
        assertThat(report.teams().get("legal").reservedMicros()).isEqualTo(123_457);
        assertThat(report.users().get("alice").reservedMicros()).isEqualTo(123_457);
        assertThat(report.teams().get("legal").limitMicros()).isEqualTo(1_000_000L);
        assertThat(report.users().get("alice").limitMicros()).isEqualTo(500_000L);
        assertThat(report.teams().get("legal").spentMicros()).isZero();
    }

    @Test
    void aReservationReportsTheStandingForTheSoftThreshold() {
        Reservation first = reserved(request("legal", "alice", 1_000_000L, 500_000L, 300_000, NOV, TTL));
        store.settle(first, onprem(1000, 1000)).join(); // 250
        reserved(request("legal", "bob", 1_000_000L, 500_000L, 100_000, NOV, TTL));
        ReserveResult.Reserved r = (ReserveResult.Reserved)
                store.reserve(request("legal", "alice", 1_000_000L, 500_000L, 20_000, NOV, TTL))
                        .join();
        assertThat(r.teamSpentMicros()).isEqualTo(250);
        assertThat(r.teamHeldMicros()).isEqualTo(120_000);
        assertThat(r.userSpentMicros()).isEqualTo(250);
        assertThat(r.userHeldMicros()).isEqualTo(20_000);
        assertThat(r.committedMicros(BudgetLine.Scope.TEAM)).isEqualTo(120_250);
        assertThat(r.committedMicros(BudgetLine.Scope.USER)).isEqualTo(20_250);
    }

    @Test
    void userLineRefusalHoldsNothingOnTheTeam() {
        reserved(request("legal", "alice", 1_000_000L, 100_000L, 60_000, NOV, TTL));
        ReserveResult refused = store.reserve(request("legal", "alice", 1_000_000L, 100_000L, 40_001, NOV, TTL))
                .join();

        assertThat(refused).isInstanceOfSatisfying(ReserveResult.Refused.class, f -> {
            assertThat(f.scope()).isEqualTo(BudgetLine.Scope.USER);
            assertThat(f.name()).isEqualTo("alice");
            assertThat(f.limitMicros()).isEqualTo(100_000);
            assertThat(f.reservedMicros()).isEqualTo(60_000);
            assertThat(f.resetDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        });
        assertThat(report(NOV).teams().get("legal").reservedMicros()).isEqualTo(60_000);
        // exactly the remaining 40_000 still fits: the check is spent + held + amount <= limit
        reserved(request("legal", "alice", 1_000_000L, 100_000L, 40_000, NOV, TTL));
    }

    @Test
    void teamLineRefusalHoldsNothingOnTheUser() {
        reserved(request("legal", "bob", 100_000L, null, 90_000, NOV, TTL));
        ReserveResult refused = store.reserve(request("legal", "alice", 100_000L, 1_000_000L, 10_001, NOV, TTL))
                .join();

        assertThat(refused).isInstanceOfSatisfying(ReserveResult.Refused.class, f -> {
            assertThat(f.scope()).isEqualTo(BudgetLine.Scope.TEAM);
            assertThat(f.name()).isEqualTo("legal");
            assertThat(f.message())
                    .isEqualTo(
                            "team 'legal' monthly budget of $0.10 is exhausted ($0.00 spent, "
                                    + "$0.09 held by requests in flight, this request needs up to $0.010001); resets 2026-12-01");
        });
        SpendReport report = report(NOV);
        assertThat(
                        report.users().get("alice") == null
                                ? 0
                                : report.users().get("alice").reservedMicros())
                .isZero();
        assertThat(report.teams().get("legal").reservedMicros()).isEqualTo(90_000);
    }

    @Test
    void settleReplacesTheReservationWithTheActualCostAndWritesTheLedger() {
        Reservation r = reserved(request("legal", "alice", 10_000_000L, null, 900_000, NOV, TTL));
        // 1000 in (200 cached), 333 out on hosted: (800*1.10 + 200*0.55 + 333*4.40) micro-USD = 2455.2 -> 2456
        Settlement s = store.settle(r, hosted(1000, 200, 333)).join();

        assertThat(s.outcome()).isEqualTo(Settlement.Outcome.SETTLED);
        assertThat(s.costMicros()).isEqualTo(2456);
        // on-prem alternative: 1000*0.05 + 333*0.20 = 116.6 -> 117
        assertThat(s.alternativeCostMicros()).isEqualTo(117);
        SpendReport report = report(NOV);
        SpendTotals team = report.teams().get("legal");
        assertThat(team.spentMicros()).isEqualTo(2456);
        assertThat(team.reservedMicros()).isZero();
        assertThat(team.requests()).isEqualTo(1);
        assertThat(team.inputTokens()).isEqualTo(1000);
        assertThat(team.outputTokens()).isEqualTo(333);
        assertThat(team.savingsMicros()).isEqualTo(117 - 2456);
        assertThat(report.targets().get("hosted").spentMicros()).isEqualTo(2456);
        assertThat(report.models().get("o3-mini").requests()).isEqualTo(1);
        assertThat(report.rows())
                .containsExactly(new LedgerRow("legal", "alice", "hosted", "o3-mini", 1, 1000, 200, 333, 2456, 117));
    }

    @Test
    void aStreamCutShortIsChargedForWhatWasGeneratedAndTheRestIsFreed() {
        long worstCase = HOSTED.worstCaseMicros(1200, 4000);
        long limit = worstCase + 1000;
        Reservation r = reserved(request("legal", "alice", limit, null, worstCase, NOV, TTL));
        // the client went away after 137 streamed tokens: the gateway counted them and settles that
        store.settle(r, hosted(1200, 0, 137)).join();
        SpendTotals team = report(NOV).teams().get("legal");
        assertThat(team.spentMicros())
                .isEqualTo(HOSTED.costMicros(1200, 0, 137))
                .isEqualTo(1923); // 1320 + 602.8
        assertThat(team.reservedMicros()).isZero();
        assertThat(team.outputTokens()).isEqualTo(137);
        // what was not generated is free again
        reserved(request("legal", "alice", limit, null, limit - 1923, NOV, TTL));
    }

    @Test
    void settleIsIdempotentPerReservationId() {
        Reservation r = reserved(request("legal", "alice", 10_000_000L, null, 900_000, NOV, TTL));
        assertThat(store.settle(r, onprem(1000, 1000)).join().outcome()).isEqualTo(Settlement.Outcome.SETTLED);
        assertThat(store.settle(r, onprem(1000, 1000)).join().outcome()).isEqualTo(Settlement.Outcome.ALREADY_SETTLED);
        SpendTotals team = report(NOV).teams().get("legal");
        assertThat(team.spentMicros()).isEqualTo(250);
        assertThat(team.requests()).isEqualTo(1);
        // on-prem traffic: savings = hosted price of the same tokens (1000*1.10 + 1000*4.40 = 5500) - 250
        assertThat(team.savingsMicros()).isEqualTo(5500 - 250);
    }

    @Test
    void releaseGivesTheReservationBackOnce() {
        Reservation r = reserved(request("legal", "alice", 100_000L, null, 100_000, NOV, TTL));
        assertThat(store.reserve(request("legal", "alice", 100_000L, null, 1, NOV, TTL))
                        .join())
                .isInstanceOf(ReserveResult.Refused.class);
        assertThat(store.release(r).join()).isTrue();
        assertThat(store.release(r).join()).isFalse();
        assertThat(report(NOV).teams().get("legal").reservedMicros()).isZero();
        reserved(request("legal", "alice", 100_000L, null, 100_000, NOV, TTL));
    }

    @Test
    void aStuckReservationExpiresAfterItsTtl() {
        reserved(request("legal", "alice", 100_000L, null, 100_000, NOV, Duration.ofMillis(300)));
        assertThat(store.reserve(request("legal", "alice", 100_000L, null, 100_000, NOV, TTL))
                        .join())
                .isInstanceOf(ReserveResult.Refused.class);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> report(NOV).teams().get("legal").reservedMicros() == 0);
        reserved(request("legal", "alice", 100_000L, null, 100_000, NOV, TTL));
    }

    @Test
    void aLateSettleAfterExpiryStillChargesWhatWasUsed() {
        Reservation r = reserved(request("legal", "alice", 100_000L, null, 100_000, NOV, Duration.ofMillis(200)));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> report(NOV).teams().get("legal").reservedMicros() == 0);
        assertThat(store.settle(r, onprem(1000, 1000)).join().outcome()).isEqualTo(Settlement.Outcome.SETTLED);
        SpendTotals team = report(NOV).teams().get("legal");
        assertThat(team.spentMicros()).isEqualTo(250);
        assertThat(team.reservedMicros()).isZero();
    }

    @Test
    void monthsAreSeparateBudgets() {
        Reservation nov = reserved(request("legal", "alice", 1_000L, null, 1_000, NOV, TTL));
        store.settle(nov, onprem(5000, 0)).join(); // 250 micro-USD in November
        assertThat(store.reserve(request("legal", "alice", 1_000L, null, 751, NOV, TTL))
                        .join())
                .isInstanceOfSatisfying(ReserveResult.Refused.class, f -> assertThat(f.resetDate())
                        .isEqualTo(LocalDate.of(2026, 12, 1)));
        Reservation dec = reserved(request("legal", "alice", 1_000L, null, 1_000, DEC, TTL));
        store.settle(dec, onprem(2000, 0)).join();

        assertThat(report(NOV).teams().get("legal").spentMicros()).isEqualTo(250);
        assertThat(report(DEC).teams().get("legal").spentMicros()).isEqualTo(100);
        assertThat(report(YearMonth.of(2027, 1)).teams()).isEmpty();
    }

    @Test
    void aRaisedLimitFromAPolicyReloadAppliesToTheNextRequest() {
        reserved(request("legal", "alice", 100L, null, 100, NOV, TTL));
        assertThat(store.reserve(request("legal", "alice", 100L, null, 100, NOV, TTL))
                        .join())
                .isInstanceOf(ReserveResult.Refused.class);
        reserved(request("legal", "alice", 200L, null, 100, NOV, TTL));
        assertThat(report(NOV).teams().get("legal").limitMicros()).isEqualTo(200L);
    }

    @Test
    void concurrentRequestsNeverOverspendAndTheLedgerIsExact() throws Exception {
        int fits = 37;
        long worstCase = hosted(800, 0, 200).costMicros(); // 880 + 880 = 1760
        long limit = fits * worstCase + worstCase - 1; // room for 37, one micro-dollar short of 38
        int requests = 400;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong charged = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String user = "user-" + (i % 7);
                all.add(CompletableFuture.runAsync(
                        () -> {
                            ReserveResult res = store.reserve(request("legal", user, limit, null, worstCase, NOV, TTL))
                                    .join();
                            if (res instanceof ReserveResult.Reserved r) {
                                Settlement s = store.settle(r.reservation(), hosted(800, 0, 200))
                                        .join();
                                assertThat(s.outcome()).isEqualTo(Settlement.Outcome.SETTLED);
                                ok.incrementAndGet();
                                charged.addAndGet(s.costMicros());
                            } else {
                                refused.incrementAndGet();
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(ok.get()).isBetween(fits - 1, fits);
        assertThat(ok.get() + refused.get()).isEqualTo(requests);
        SpendReport report = report(NOV);
        SpendTotals team = report.teams().get("legal");
        assertThat(team.spentMicros())
                .isEqualTo(charged.get())
                .isEqualTo(ok.get() * worstCase)
                .isLessThanOrEqualTo(limit);
        assertThat(team.reservedMicros()).isZero();
        assertThat(team.requests()).isEqualTo(ok.get());
        assertThat(report.users().values().stream()
                        .mapToLong(SpendTotals::spentMicros)
                        .sum())
                .isEqualTo(team.spentMicros());
    }

    @Test
    void reportJsonAndCsvHaveTheContractShape() {
        Reservation a = reserved(request("legal", "alice", 500_000_000L, 50_000_000L, 10_000, NOV, TTL));
        store.settle(a, onprem(1000, 1000)).join();
        Reservation b = reserved(request("sales", "bob", null, 50_000_000L, 10_000, NOV, TTL));
        store.settle(b, hosted(1000, 0, 1000)).join();
        reserved(request("sales", "bob", null, 50_000_000L, 7, NOV, TTL));

        SpendReport report = report(NOV);
        JsonNode json = JsonMapper.builder().build().readTree(report.toJson());
        assertThat(json.get("month").asString()).isEqualTo("2026-11");
        assertThat(json.propertyNames()).containsExactly("month", "teams", "users", "targets", "models");
        JsonNode legal = json.get("teams").get("legal");
        assertThat(legal.propertyNames())
                .containsExactly(
                        "spent_micro_usd",
                        "reserved_micro_usd",
                        "limit_micro_usd",
                        "requests",
                        "input_tokens",
                        "output_tokens",
                        "savings_micro_usd");
        assertThat(legal.get("spent_micro_usd").asLong()).isEqualTo(250);
        assertThat(legal.get("limit_micro_usd").asLong()).isEqualTo(500_000_000L);
        assertThat(json.get("teams").get("sales").get("limit_micro_usd").isNull())
                .isTrue();
        assertThat(json.get("teams").get("sales").get("reserved_micro_usd").asLong())
                .isEqualTo(7);
        assertThat(json.get("targets").get("hosted").get("spent_micro_usd").asLong())
                .isEqualTo(5500);

        assertThat(report.toCsv()).isEqualTo("""
                month,dimension,key,spent_micro_usd,reserved_micro_usd,limit_micro_usd,requests,input_tokens,output_tokens,savings_micro_usd
                2026-11,team,legal,250,0,500000000,1,1000,1000,5250
                2026-11,team,sales,5500,7,,1,1000,1000,-5250
                2026-11,user,alice,250,0,50000000,1,1000,1000,5250
                2026-11,user,bob,5500,7,50000000,1,1000,1000,-5250
                2026-11,target,hosted,5500,0,,1,1000,1000,-5250
                2026-11,target,onprem,250,0,,1,1000,1000,5250
                2026-11,model,gpt-oss-20b,250,0,,1,1000,1000,5250
                2026-11,model,o3-mini,5500,0,,1,1000,1000,-5250
                """);
    }

    @Test
    void snapshotsFollowReserveAndSettle() {
        Reservation r = reserved(request("legal", "alice", 9_000L, null, 4_000, NOV, TTL));
        store.settle(r, onprem(1000, 1000)).join();
        reserved(request("legal", "alice", 9_000L, null, 3_000, NOV, TTL));
        assertThat(store.snapshots()).containsExactly(new BudgetSnapshot("legal", NOV, 9_000, 250, 3_000));
    }
}
