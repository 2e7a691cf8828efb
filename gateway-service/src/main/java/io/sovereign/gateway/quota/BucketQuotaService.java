package io.sovereign.gateway.quota;

import io.github.bucket4j.ConsumptionProbe;
import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.store.StoreErrors;
import java.util.concurrent.CompletableFuture;

/**
 * The quota rules over any {@link TokenBuckets}: a request takes one token from the user's
 * requests-per-minute bucket, then its token estimate from the team's tokens-per-minute bucket; if the
 * team refuses, the user's token is given back, so a refused request costs nothing.
 */
abstract class BucketQuotaService implements QuotaService {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TokenBuckets buckets;
    private final StoreErrorMode onError;
    private final StoreErrors errors;
    private final String keyPrefix;

    BucketQuotaService(TokenBuckets buckets, StoreErrorMode onError, StoreErrors errors, String keyPrefix) {
        this.buckets = buckets;
        this.onError = onError;
        this.errors = errors;
        this.keyPrefix = keyPrefix;
    }

    /** One hash tag per user and per team, so the keys spread over a Redis Cluster. */
    String userKey(String user) {
        return keyPrefix + ":{user:" + user + "}:rpm";
    }

    String teamKey(String team) {
        return keyPrefix + ":{team:" + team + "}:tpm";
    }

    @Override
    public CompletableFuture<QuotaDecision> acquire(QuotaRequest q) {
        if (q.tokensPerMinute() != null && q.estimatedTokens() > q.tokensPerMinute()) {
            // never fits, however long the caller waits: say so instead of a useless Retry-After
            return CompletableFuture.completedFuture(new QuotaDecision(
                    QuotaDecision.Outcome.TOKENS_LIMITED,
                    null,
                    new RateLimitState(q.tokensPerMinute(), 0, 60),
                    60,
                    "request needs up to " + q.estimatedTokens() + " tokens, more than team '" + q.team()
                            + "' may use per minute (" + q.tokensPerMinute() + "); lower max_tokens or the prompt"));
        }
        CompletableFuture<ConsumptionProbe> rpm = q.requestsPerMinute() == null
                ? CompletableFuture.completedFuture(null)
                : buckets.tryConsume(userKey(q.user()), q.requestsPerMinute(), 1);
        return rpm.thenCompose(r -> {
                    if (r != null && !r.isConsumed()) {
                        return CompletableFuture.completedFuture(refused(
                                QuotaDecision.Outcome.REQUESTS_LIMITED,
                                state(q.requestsPerMinute(), r),
                                null,
                                r,
                                "user '" + q.user() + "' reached " + q.requestsPerMinute() + " requests per minute"));
                    }
                    if (q.tokensPerMinute() == null) {
                        return CompletableFuture.completedFuture(new QuotaDecision(
                                QuotaDecision.Outcome.ALLOWED, state(q.requestsPerMinute(), r), null, 0, null));
                    }
                    return buckets.tryConsume(teamKey(q.team()), q.tokensPerMinute(), q.estimatedTokens())
                            .thenCompose(t -> {
                                RateLimitState tokens = state(q.tokensPerMinute(), t);
                                if (t.isConsumed()) {
                                    return CompletableFuture.completedFuture(new QuotaDecision(
                                            QuotaDecision.Outcome.ALLOWED,
                                            state(q.requestsPerMinute(), r),
                                            tokens,
                                            0,
                                            null));
                                }
                                QuotaDecision d = refused(
                                        QuotaDecision.Outcome.TOKENS_LIMITED,
                                        r == null
                                                ? null
                                                : new RateLimitState(
                                                        q.requestsPerMinute(),
                                                        r.getRemainingTokens() + 1,
                                                        seconds(r.getNanosToWaitForReset())),
                                        tokens,
                                        t,
                                        "team '" + q.team() + "' reached "
                                                + q.tokensPerMinute() + " tokens per minute (this request needs up to "
                                                + q.estimatedTokens() + ")");
                                return r == null
                                        ? CompletableFuture.completedFuture(d)
                                        : buckets.addTokens(userKey(q.user()), q.requestsPerMinute(), 1)
                                                .thenApply(x -> d);
                            });
                })
                .exceptionally(e -> {
                    if (onError == StoreErrorMode.FAIL_OPEN) {
                        errors.record("quota", "allowed", e);
                        return new QuotaDecision(
                                QuotaDecision.Outcome.ALLOWED_UNENFORCED,
                                null,
                                null,
                                0,
                                "quota store unavailable; allowed (gateway.store.on-error=fail-open)");
                    }
                    errors.record("quota", "denied", e);
                    return new QuotaDecision(
                            QuotaDecision.Outcome.STORE_UNAVAILABLE,
                            null,
                            null,
                            1,
                            "quota store (Redis) unavailable, request refused (gateway.store.on-error=fail-closed): "
                                    + StoreErrors.describe(e));
                });
    }

    @Override
    public CompletableFuture<QuotaDecision> peek(QuotaRequest q) {
        CompletableFuture<RateLimitState> rpm = q.requestsPerMinute() == null
                ? CompletableFuture.completedFuture(null)
                : left(userKey(q.user()), q.requestsPerMinute());
        CompletableFuture<RateLimitState> tpm = q.tokensPerMinute() == null
                ? CompletableFuture.completedFuture(null)
                : left(teamKey(q.team()), q.tokensPerMinute());
        return rpm.thenCombine(tpm, (r, t) -> new QuotaDecision(QuotaDecision.Outcome.ALLOWED, r, t, 0, null))
                .exceptionally(e -> {
                    errors.record("quota-peek", "failed", e);
                    return new QuotaDecision(
                            QuotaDecision.Outcome.STORE_UNAVAILABLE,
                            null,
                            null,
                            1,
                            "quota store (Redis) unavailable: " + StoreErrors.describe(e));
                });
    }

    /**
     * Asking whether a full bucket's worth could be taken answers both figures at once: the tokens there now, and
     * (the refill being to full, once a minute) the wait until it is full again, as {@code getNanosToWaitForReset}.
     */
    private CompletableFuture<RateLimitState> left(String key, long limit) {
        return buckets.estimate(key, limit, limit)
                .thenApply(p -> new RateLimitState(
                        limit,
                        Math.max(0, p.getRemainingTokens()),
                        p.canBeConsumed() ? 0 : seconds(p.getNanosToWaitForRefill())));
    }

    @Override
    public CompletableFuture<Void> correctTokens(
            String team, long tokensPerMinute, long estimatedTokens, long actualTokens) {
        long diff = actualTokens - estimatedTokens;
        CompletableFuture<Void> done = diff == 0
                ? CompletableFuture.completedFuture(null)
                : diff > 0
                        ? buckets.consumeIgnoringLimit(teamKey(team), tokensPerMinute, diff)
                        : buckets.addTokens(teamKey(team), tokensPerMinute, -diff);
        return done.exceptionally(e -> {
            errors.record("quota-correct", "skipped", e);
            return null;
        });
    }

    @Override
    public void close() {
        buckets.close();
    }

    private static QuotaDecision refused(
            QuotaDecision.Outcome outcome,
            RateLimitState requests,
            RateLimitState tokens,
            ConsumptionProbe probe,
            String message) {
        return new QuotaDecision(
                outcome, requests, tokens, Math.max(1, seconds(probe.getNanosToWaitForRefill())), message);
    }

    private static RateLimitState state(Long limit, ConsumptionProbe p) {
        return limit == null || p == null
                ? null
                : new RateLimitState(limit, Math.max(0, p.getRemainingTokens()), seconds(p.getNanosToWaitForReset()));
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
