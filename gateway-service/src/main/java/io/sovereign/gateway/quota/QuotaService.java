package io.sovereign.gateway.quota;

import java.util.concurrent.CompletableFuture;

/**
 * Requests per minute per user and tokens per minute per team, as Bucket4j token buckets
 * ({@link MemoryQuotaService} in-process, {@link RedisQuotaService} shared through Redis). Each bucket
 * holds {@code limit} tokens and is refilled to full once a minute (interval refill, so the count over
 * any refill window never exceeds the limit). Futures never fail on store faults; see the outcomes.
 */
public interface QuotaService extends AutoCloseable {

    /** Take one request from the user and the estimate from the team, both or neither. */
    CompletableFuture<QuotaDecision> acquire(QuotaRequest request);

    /**
     * After the response: the team's bucket is corrected by {@code actualTokens - estimatedTokens}
     * (a refund when the estimate was high, an extra charge, possibly into debt, when it was low).
     */
    CompletableFuture<Void> correctTokens(String team, long tokensPerMinute, long estimatedTokens, long actualTokens);

    /**
     * The user's requests and the team's tokens left now, taking nothing ({@code GET /v1/me}): the same buckets and
     * the same figures as the {@code x-ratelimit-*} headers of the caller's last request, after its settlement.
     * Outcome ALLOWED, or STORE_UNAVAILABLE when the store cannot answer.
     */
    CompletableFuture<QuotaDecision> peek(QuotaRequest request);

    @Override
    void close();
}
