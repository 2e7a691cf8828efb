package io.sovereign.gateway.budget;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.store.LuaScript;
import io.sovereign.gateway.store.RedisConnector;
import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.store.StoreErrors;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Budgets and ledger in Redis, shared by every replica. Each operation is ONE Lua script on the team's
 * hash slot ({@link BudgetKeys}): reserve checks the team and user lines and holds the amount in both or
 * neither; settle swaps the hold for the actual cost and writes the ledger, once per reservation id.
 * Faults follow {@link StoreErrorMode}; settlements that cannot be written are retried by
 * {@link DeferredSettlements} until Redis takes them (idempotency makes a retry after a timeout safe).
 */
public final class RedisBudgetStore implements BudgetStore {
    static final long SETTLED_MARKER_TTL_SECONDS = MemoryBudgetStore.SETTLED_MEMORY.toSeconds();

    private static final LuaScript RESERVE = LuaScript.fromResources("budget/purge.lua", "budget/reserve.lua");
    private static final LuaScript SETTLE = LuaScript.fromResources("budget/purge.lua", "budget/settle.lua");
    private static final LuaScript RELEASE = LuaScript.fromResources("budget/purge.lua", "budget/release.lua");
    private static final LuaScript PURGE = LuaScript.fromResources("budget/purge.lua", "budget/housekeeping.lua");

    private final RedisConnector<String, String> redis;
    private final BudgetKeys keys;
    private final StoreErrorMode onError;
    private final StoreErrors errors;
    private final BudgetGauges gauges;
    private final DeferredSettlements deferred;

    /**
     * @param redisUrl       e.g. {@code redis://localhost:6379}
     * @param commandTimeout how long a Redis command may take before it counts as a store error
     * @param onError        fail-closed (refuse) or fail-open (allow, count) when Redis is unreachable
     * @param registry       for {@code gateway.store.errors} and the budget gauges; may be null
     */
    public RedisBudgetStore(String redisUrl, Duration commandTimeout, StoreErrorMode onError, MeterRegistry registry) {
        this(redisUrl, commandTimeout, onError, registry, "gw");
    }

    public RedisBudgetStore(
            String redisUrl,
            Duration commandTimeout,
            StoreErrorMode onError,
            MeterRegistry registry,
            String keyPrefix) {
        this(redisUrl, commandTimeout, onError, registry, keyPrefix, null);
    }

    /** @param settlementJournal where deferred settlements are kept across a crash; null keeps them in memory only */
    public RedisBudgetStore(
            String redisUrl,
            Duration commandTimeout,
            StoreErrorMode onError,
            MeterRegistry registry,
            String keyPrefix,
            java.nio.file.Path settlementJournal) {
        // the journal first: a second gateway on the same file refuses to start before it connects anywhere
        SettlementJournal journal = settlementJournal == null ? null : new SettlementJournal(settlementJournal);
        this.redis = new RedisConnector<>(redisUrl, commandTimeout, StringCodec.UTF8);
        this.keys = new BudgetKeys(keyPrefix);
        this.onError = onError;
        this.errors = new StoreErrors(registry);
        this.gauges = new BudgetGauges(registry);
        this.deferred = new DeferredSettlements(this::writeSettlement, errors, journal);
        io.micrometer.core.instrument.Gauge.builder(
                        "gateway.budget.deferred.settlements", deferred, DeferredSettlements::size)
                .description("Settlements waiting for Redis in this replica (journaled on disk when configured)")
                .register(errors.registry());
    }

    @Override
    public CompletableFuture<ReserveResult> reserve(ReservationRequest r) {
        BudgetLine teamLine = r.line(BudgetLine.Scope.TEAM);
        BudgetLine userLine = r.line(BudgetLine.Scope.USER);
        String[] k = {
            keys.resv(r.team()),
            keys.resvExp(r.team()),
            keys.held(r.team()),
            keys.spent(r.team(), r.month()),
            keys.limits(r.team(), r.month())
        };
        return withRedis(c -> {
                    // pipelined with the script: the report lists teams that only hold reservations too
                    CompletableFuture<Long> indexed =
                            c.sadd(keys.teamsIndex(r.month()), r.team()).toCompletableFuture();
                    return RESERVE.run(
                                    c,
                                    k,
                                    r.reservationId(),
                                    r.month().toString(),
                                    r.user(),
                                    Long.toString(r.amountMicros()),
                                    Long.toString(r.ttl().toMillis()),
                                    teamLine == null ? "-1" : Long.toString(teamLine.limitMicros()),
                                    userLine == null ? "-1" : Long.toString(userLine.limitMicros()))
                            .thenCombine(indexed, (reply, i) -> reply);
                })
                .<ReserveResult>thenApply(reply -> {
                    if (longAt(reply, 0) == 1) {
                        gauges.update(new BudgetSnapshot(
                                r.team(),
                                r.month(),
                                teamLine == null ? gauges.limitOf(r.team()) : teamLine.limitMicros(),
                                longAt(reply, 1),
                                longAt(reply, 2)));
                        return new ReserveResult.Reserved(
                                new Reservation(
                                        r.reservationId(), r.month(), r.team(), r.user(), r.amountMicros(), true),
                                longAt(reply, 1),
                                longAt(reply, 2),
                                longAt(reply, 3),
                                longAt(reply, 4));
                    }
                    boolean team = longAt(reply, 1) == 1;
                    BudgetLine line = team ? teamLine : userLine;
                    return new ReserveResult.Refused(
                            line.scope(),
                            team ? r.team() : r.user(),
                            line.limitMicros(),
                            longAt(reply, 2),
                            longAt(reply, 3),
                            r.amountMicros(),
                            r.month().plusMonths(1).atDay(1));
                })
                .exceptionally(e -> {
                    if (onError == StoreErrorMode.FAIL_OPEN) {
                        errors.record("budget-reserve", "allowed", e);
                        return new ReserveResult.Reserved(
                                new Reservation(
                                        r.reservationId(), r.month(), r.team(), r.user(), r.amountMicros(), false),
                                0,
                                0,
                                0,
                                0);
                    }
                    errors.record("budget-reserve", "denied", e);
                    // a reserve that timed out here may still land in Redis; free it now rather than at its TTL
                    // (same connection, so the release runs after it)
                    release(new Reservation(r.reservationId(), r.month(), r.team(), r.user(), r.amountMicros(), true));
                    return new ReserveResult.StoreUnavailable("budget store (Redis) unavailable, request refused "
                            + "(gateway.store.on-error=fail-closed): " + StoreErrors.describe(e));
                });
    }

    @Override
    public CompletableFuture<Settlement> settle(Reservation reservation, SettledUsage usage) {
        long cost = usage.costMicros();
        long alternative = usage.alternativeCostMicros();
        PendingSettlement p = new PendingSettlement(reservation, usage, cost, alternative);
        return writeSettlement(p).exceptionally(e -> {
            deferred.add(p, e);
            return new Settlement(Settlement.Outcome.DEFERRED, cost, alternative);
        });
    }

    /** One attempt; fails exceptionally on a store error. */
    private CompletableFuture<Settlement> writeSettlement(PendingSettlement p) {
        Reservation r = p.reservation();
        SettledUsage u = p.usage();
        String[] k = {
            keys.resv(r.team()),
            keys.resvExp(r.team()),
            keys.held(r.team()),
            keys.spent(r.team(), r.month()),
            keys.ledger(r.team(), r.month()),
            keys.settled(r.team(), r.id())
        };
        String row = r.user() + "|" + u.target() + "|" + u.model();
        return withRedis(c -> {
                    CompletableFuture<Long> indexed =
                            c.sadd(keys.teamsIndex(r.month()), r.team()).toCompletableFuture();
                    CompletableFuture<List<Object>> settled = SETTLE.run(
                            c,
                            k,
                            r.id(),
                            r.month().toString(),
                            r.user(),
                            Long.toString(p.costMicros()),
                            Long.toString(p.alternativeCostMicros()),
                            Long.toString(u.inputTokens()),
                            Long.toString(u.cachedInputTokens()),
                            Long.toString(u.outputTokens()),
                            row,
                            Long.toString(SETTLED_MARKER_TTL_SECONDS));
                    return indexed.thenCombine(settled, (i, reply) -> reply);
                })
                .thenApply(reply -> {
                    if (longAt(reply, 0) == 0) {
                        return new Settlement(
                                Settlement.Outcome.ALREADY_SETTLED, p.costMicros(), p.alternativeCostMicros());
                    }
                    gauges.update(new BudgetSnapshot(
                            r.team(), r.month(), gauges.limitOf(r.team()), longAt(reply, 1), longAt(reply, 2)));
                    return new Settlement(Settlement.Outcome.SETTLED, p.costMicros(), p.alternativeCostMicros());
                });
    }

    @Override
    public CompletableFuture<Boolean> release(Reservation reservation) {
        String[] k = {keys.resv(reservation.team()), keys.resvExp(reservation.team()), keys.held(reservation.team())};
        return withRedis(c -> RELEASE.run(c, k, reservation.id()))
                .thenApply(reply -> longAt(reply, 0) == 1)
                .exceptionally(e -> {
                    // the reservation's TTL gives the amount back once Redis is reachable again
                    errors.record("budget-release", "expires-by-ttl", e);
                    return false;
                });
    }

    @Override
    public CompletableFuture<SpendReport> report(YearMonth month) {
        return withRedis(c -> c.smembers(keys.teamsIndex(month))
                        .toCompletableFuture()
                        .thenCompose(teams -> {
                            List<CompletableFuture<Void>> reads = new ArrayList<>();
                            SpendReport.Builder b = new SpendReport.Builder(month);
                            for (String team : teams) {
                                String[] k = {keys.resv(team), keys.resvExp(team), keys.held(team)};
                                CompletableFuture<List<Object>> purged = PURGE.run(c, k);
                                CompletableFuture<Map<String, String>> ledger =
                                        c.hgetall(keys.ledger(team, month)).toCompletableFuture();
                                CompletableFuture<Map<String, String>> limits =
                                        c.hgetall(keys.limits(team, month)).toCompletableFuture();
                                CompletableFuture<Map<String, String>> held =
                                        purged.thenCompose(x -> c.hgetall(keys.held(team)));
                                reads.add(CompletableFuture.allOf(ledger, limits, held)
                                        .thenRun(() -> {
                                            synchronized (b) {
                                                RedisLedger.addTeam(
                                                        b, team, month, ledger.join(), held.join(), limits.join());
                                            }
                                        }));
                            }
                            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                                    .thenApply(x -> b.build());
                        }))
                .handle((report, e) -> {
                    if (e != null) {
                        errors.record("budget-report", "failed", e);
                        throw new StoreUnavailableException(
                                "spend report unavailable: budget store (Redis) unreachable: "
                                        + StoreErrors.describe(e),
                                e);
                    }
                    return report;
                });
    }

    @Override
    public Collection<BudgetSnapshot> snapshots() {
        return gauges.all();
    }

    /** Settlements waiting for Redis in this replica (they are lost only if this replica dies first). */
    public int deferredSettlements() {
        return deferred.size();
    }

    @Override
    public void close() {
        deferred.close();
        redis.close();
    }

    private <T> CompletableFuture<T> withRedis(Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> op) {
        return redis.connection().thenCompose(c -> op.apply(c.async()));
    }

    private static long longAt(List<Object> reply, int i) {
        return ((Number) reply.get(i)).longValue();
    }

    record PendingSettlement(
            Reservation reservation, SettledUsage usage, long costMicros, long alternativeCostMicros) {}
}
