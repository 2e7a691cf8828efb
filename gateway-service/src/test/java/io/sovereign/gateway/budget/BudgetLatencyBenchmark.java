package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.quota.MemoryQuotaService;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.quota.QuotaRequest;
import io.sovereign.gateway.quota.QuotaService;
import io.sovereign.gateway.quota.RedisQuotaService;
import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Added latency of quota + budget per request against a local redis-server, at concurrency 1 after a
 * warm-up. Not part of the normal test run (the name matches no surefire pattern); run it with
 * {@code bench/budget/run.sh}, which writes the table to {@code bench/budget/results.md}.
 */
class BudgetLatencyBenchmark {
    static final int WARMUP = 5_000;
    static final int MEASURED = 20_000;
    static final Price HOSTED = Price.ofUsdPerMillion("1.10", "0.55", "4.40");
    static final Price ONPREM = Price.ofUsdPerMillion("0.05", null, "0.20");

    interface Op {
        void run(int i);
    }

    @Test
    void measure() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("| store | operation | p50 ms | p90 ms | p99 ms | n |\n| --- | --- | --- | --- | --- | --- |\n");
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            try (RedisBudgetStore budget = new RedisBudgetStore(
                            redis.url(), Duration.ofMillis(500), StoreErrorMode.FAIL_CLOSED, null);
                    RedisQuotaService quota = new RedisQuotaService(
                            redis.url(), Duration.ofMillis(500), StoreErrorMode.FAIL_CLOSED, null)) {
                suite("redis, no persistence", budget, quota, out);
            }
        }
        for (String fsync : List.of("everysec", "always")) {
            try (RedisServerProcess redis = RedisServerProcess.startWithAof(fsync);
                    RedisBudgetStore budget = new RedisBudgetStore(
                            redis.url(), Duration.ofMillis(500), StoreErrorMode.FAIL_CLOSED, null);
                    RedisQuotaService quota = new RedisQuotaService(
                            redis.url(), Duration.ofMillis(500), StoreErrorMode.FAIL_CLOSED, null)) {
                suite("redis, AOF appendfsync " + fsync, budget, quota, out);
            }
        }
        try (MemoryBudgetStore budget = new MemoryBudgetStore();
                MemoryQuotaService quota = new MemoryQuotaService()) {
            suite("memory", budget, quota, out);
        }
        TokenCounter counter = new TokenCounter();
        String prompt =
                "Summarise the attached quarterly report for the finance committee, and list the risks. ".repeat(60);
        int tokens = counter.count(prompt);
        out.append(row("jtokkit o200k", "count a " + tokens + "-token prompt", time(i -> counter.count(prompt))));

        String text =
                "Measured " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
                        + " CPUs, Java " + System.getProperty("java.version") + ", concurrency 1, " + WARMUP
                        + " warm-up + " + MEASURED + " measured iterations per line.\n\n" + out;
        Path target = Path.of(System.getProperty("bench.out", "target/budget-bench.md"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, text);
        System.out.println(text);
    }

    private static void suite(String name, BudgetStore budget, QuotaService quota, StringBuilder out) {
        YearMonth month = YearMonth.of(2026, 11);
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        SettledUsage usage = new SettledUsage("hosted", "o3-mini", 800, 0, 300, HOSTED, ONPREM);
        Op quotaCheck = i -> {
            QuotaDecision d = quota.acquire(
                            new QuotaRequest("user-" + (i % 50), "team-" + prefix, 10_000_000L, 1_000_000_000L, 1100))
                    .join();
            assertThat(d.allowed()).as(d.toString()).isTrue();
        };
        Op reserveSettle = i -> {
            ReserveResult r = budget.reserve(new ReservationRequest(
                            prefix + i,
                            month,
                            "team-" + prefix,
                            "user-" + (i % 50),
                            List.of(BudgetLine.team(Long.MAX_VALUE / 4), BudgetLine.user(Long.MAX_VALUE / 4)),
                            HOSTED.worstCaseMicros(800, 1000),
                            Duration.ofMinutes(5)))
                    .join();
            budget.settle(((ReserveResult.Reserved) r).reservation(), usage).join();
        };
        Op perRequest = i -> {
            quotaCheck.run(i + 10 * MEASURED);
            reserveSettle.run(i + 10 * MEASURED);
            quota.correctTokens("team-" + prefix, 1_000_000_000L, 1100, 1100 - 37)
                    .join();
        };
        out.append(row(name, "quota check (RPM user + TPM team)", time(quotaCheck)));
        out.append(row(name, "budget reserve + settle", time(i -> reserveSettle.run(i + 3 * MEASURED))));
        out.append(row(name, "whole request: quota + reserve + settle + TPM correction", time(perRequest)));
    }

    private static long[] time(Op op) {
        for (int i = 0; i < WARMUP; i++) {
            op.run(-i - 1 - MEASURED);
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long t = System.nanoTime();
            op.run(i);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static String row(String store, String op, long[] sorted) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.3f | %.3f | %.3f | %d |%n",
                store,
                op,
                pct(sorted, 0.50),
                pct(sorted, 0.90),
                pct(sorted, 0.99),
                sorted.length);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
