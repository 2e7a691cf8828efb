package io.sovereign.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one contract every {@link QuotaService} keeps (memory and Redis). Users/teams are unique per test. */
abstract class QuotaServiceContract {
    QuotaService quotas;
    final String user = "u-" + UUID.randomUUID();
    final String team = "t-" + UUID.randomUUID();

    abstract QuotaService newService();

    @BeforeEach
    void open() {
        quotas = newService();
    }

    @AfterEach
    void closeService() {
        quotas.close();
    }

    QuotaDecision acquire(Long rpm, Long tpm, long estimate) {
        return quotas.acquire(new QuotaRequest(user, team, rpm, tpm, estimate)).join();
    }

    @Test
    void requestsPerMinuteAllowsExactlyTheLimit() {
        for (int i = 1; i <= 5; i++) {
            QuotaDecision d = acquire(5L, null, 10);
            assertThat(d.outcome()).isEqualTo(QuotaDecision.Outcome.ALLOWED);
            assertThat(d.requests().limit()).isEqualTo(5);
            assertThat(d.requests().remaining()).isEqualTo(5 - i);
            assertThat(d.requests().resetSeconds()).isBetween(1L, 60L);
            assertThat(d.tokens()).isNull();
        }
        QuotaDecision refused = acquire(5L, null, 10);
        assertThat(refused.outcome()).isEqualTo(QuotaDecision.Outcome.REQUESTS_LIMITED);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
        assertThat(refused.requests().remaining()).isZero();
        assertThat(refused.message()).isEqualTo("user '" + user + "' reached 5 requests per minute");
    }

    @Test
    void tokensPerMinuteRefusalGivesTheRequestBack() {
        assertThat(acquire(10L, 1000L, 400).tokens().remaining()).isEqualTo(600);
        assertThat(acquire(10L, 1000L, 400).tokens().remaining()).isEqualTo(200);
        QuotaDecision refused = acquire(10L, 1000L, 201);
        assertThat(refused.outcome()).isEqualTo(QuotaDecision.Outcome.TOKENS_LIMITED);
        assertThat(refused.tokens().remaining()).isEqualTo(200);
        assertThat(refused.requests().remaining()).isEqualTo(8); // the refused request's token came back
        assertThat(acquire(10L, 1000L, 200).requests().remaining()).isEqualTo(7);
    }

    @Test
    void anEstimateAboveTheLimitIsRefusedWithAClearMessage() {
        QuotaDecision d = acquire(10L, 1000L, 1001);
        assertThat(d.outcome()).isEqualTo(QuotaDecision.Outcome.TOKENS_LIMITED);
        assertThat(d.message()).contains("more than team '" + team + "' may use per minute (1000)");
    }

    @Test
    void actualUsageCorrectsTheEstimateBothWays() {
        acquire(null, 1000L, 600);
        quotas.correctTokens(team, 1000L, 600, 100).join(); // refund 500
        assertThat(acquire(null, 1000L, 900).outcome()).isEqualTo(QuotaDecision.Outcome.ALLOWED);
        quotas.correctTokens(team, 1000L, 900, 1400).join(); // 500 more than estimated: into debt
        QuotaDecision d = acquire(null, 1000L, 1);
        assertThat(d.outcome()).isEqualTo(QuotaDecision.Outcome.TOKENS_LIMITED);
        assertThat(d.tokens().remaining()).isZero();
    }

    @Test
    void aRaisedLimitGrantsOnlyTheDifferenceAndALoweredOneCapsWhatIsLeft() {
        acquire(3L, null, 1);
        acquire(3L, null, 1);
        assertThat(acquire(5L, null, 1).requests().remaining()).isEqualTo(2); // 3 used of 5
        // lowered to 1: what is left this window is capped at the new limit (Bucket4j ADDITIVE)
        assertThat(acquire(1L, null, 1).requests().remaining()).isZero();
        assertThat(acquire(1L, null, 1).outcome()).isEqualTo(QuotaDecision.Outcome.REQUESTS_LIMITED);
    }

    @Test
    void noLimitsMeansAllowedWithoutState() {
        QuotaDecision d = acquire(null, null, 1_000_000);
        assertThat(d.outcome()).isEqualTo(QuotaDecision.Outcome.ALLOWED);
        assertThat(d.requests()).isNull();
        assertThat(d.tokens()).isNull();
    }

    @Test
    void concurrentRequestsGetExactlyTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<QuotaDecision>> all = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                all.add(CompletableFuture.supplyAsync(() -> acquire(50L, 5_000L, 90), pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long allowed = all.stream().filter(f -> f.join().allowed()).count();
        // 50 requests fit the RPM; the TPM (5000 / 90 = 55) is not the binding limit
        assertThat(allowed).isEqualTo(50);
    }
}
