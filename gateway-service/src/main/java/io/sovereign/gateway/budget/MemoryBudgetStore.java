package io.sovereign.gateway.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process budgets and ledger for the single-replica default ({@code gateway.store.type=memory}):
 * the same semantics as {@link RedisBudgetStore}, one lock per team, state lost on restart.
 */
public final class MemoryBudgetStore implements BudgetStore {
    /**
     * How long a settled reservation id is remembered to make settle idempotent (in Redis one small key per
     * request, about 100 bytes: ~36 MB at 100 requests/s). A retried settle comes within seconds to minutes
     * of the first attempt; an hour is ample. (A day, measured in bench/RESULTS.md, grew without bound.)
     */
    static final Duration SETTLED_MEMORY = Duration.ofHours(1);

    /**
     * In memory, also at most this many ids per team (about 14 MB): a single replica settles each request
     * once, so this only guards against a caller of the store settling twice in quick succession.
     */
    static final int SETTLED_MAX_PER_TEAM = 100_000;

    private final Clock clock;
    private final Map<String, TeamState> teams = new ConcurrentHashMap<>();
    private final BudgetGauges gauges;

    public MemoryBudgetStore() {
        this(Clock.systemUTC(), null);
    }

    /** registry may be null; then no gauges are registered. */
    public MemoryBudgetStore(Clock clock, io.micrometer.core.instrument.MeterRegistry registry) {
        this.clock = clock;
        this.gauges = new BudgetGauges(registry);
    }

    @Override
    public CompletableFuture<ReserveResult> reserve(ReservationRequest r) {
        TeamState team = teams.computeIfAbsent(r.team(), t -> new TeamState());
        ReserveResult result;
        synchronized (team) {
            long now = clock.millis();
            team.purge(now);
            MonthState m = team.month(r.month());
            BudgetLine teamLine = r.line(BudgetLine.Scope.TEAM);
            BudgetLine userLine = r.line(BudgetLine.Scope.USER);
            if (teamLine != null) {
                m.teamLimit = teamLine.limitMicros();
            }
            if (userLine != null) {
                m.userLimits.put(r.user(), userLine.limitMicros());
            }
            Held existing = team.held.get(r.reservationId());
            if (existing != null) {
                result = m.reserved(existing.toReservation(r.reservationId(), r.team()));
            } else if (teamLine != null && m.teamSpent + m.teamReserved + r.amountMicros() > teamLine.limitMicros()) {
                result = new ReserveResult.Refused(
                        BudgetLine.Scope.TEAM,
                        r.team(),
                        teamLine.limitMicros(),
                        m.teamSpent,
                        m.teamReserved,
                        r.amountMicros(),
                        r.month().plusMonths(1).atDay(1));
            } else if (userLine != null
                    && m.userSpent.getOrDefault(r.user(), 0L)
                                    + m.userReserved.getOrDefault(r.user(), 0L)
                                    + r.amountMicros()
                            > userLine.limitMicros()) {
                result = new ReserveResult.Refused(
                        BudgetLine.Scope.USER,
                        r.user(),
                        userLine.limitMicros(),
                        m.userSpent.getOrDefault(r.user(), 0L),
                        m.userReserved.getOrDefault(r.user(), 0L),
                        r.amountMicros(),
                        r.month().plusMonths(1).atDay(1));
            } else {
                Held held = new Held(
                        r.month(), r.user(), r.amountMicros(), now + r.ttl().toMillis());
                team.held.put(r.reservationId(), held);
                m.addReserved(r.user(), r.amountMicros());
                result = m.reserved(held.toReservation(r.reservationId(), r.team()));
            }
            snapshot(r.team(), r.month(), m);
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<Settlement> settle(Reservation reservation, SettledUsage usage) {
        TeamState team = teams.computeIfAbsent(reservation.team(), t -> new TeamState());
        long cost = usage.costMicros();
        long alternative = usage.alternativeCostMicros();
        synchronized (team) {
            long now = clock.millis();
            team.purge(now);
            if (team.settled.containsKey(reservation.id())) {
                return CompletableFuture.completedFuture(
                        new Settlement(Settlement.Outcome.ALREADY_SETTLED, cost, alternative));
            }
            team.settled.put(reservation.id(), now + SETTLED_MEMORY.toMillis());
            if (team.settled.size() > SETTLED_MAX_PER_TEAM) {
                Iterator<String> oldest = team.settled.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            team.dropHeld(reservation.id());
            MonthState m = team.month(reservation.month());
            m.teamSpent += cost;
            m.userSpent.merge(reservation.user(), cost, Long::sum);
            m.ledger.computeIfAbsent(new RowKey(reservation.user(), usage.target(), usage.model()), k -> new long[6]);
            long[] row = m.ledger.get(new RowKey(reservation.user(), usage.target(), usage.model()));
            row[0] += 1;
            row[1] += usage.inputTokens();
            row[2] += usage.cachedInputTokens();
            row[3] += usage.outputTokens();
            row[4] += cost;
            row[5] += alternative;
            snapshot(reservation.team(), reservation.month(), m);
        }
        return CompletableFuture.completedFuture(new Settlement(Settlement.Outcome.SETTLED, cost, alternative));
    }

    @Override
    public CompletableFuture<Boolean> release(Reservation reservation) {
        TeamState team = teams.get(reservation.team());
        if (team == null) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (team) {
            team.purge(clock.millis());
            boolean released = team.dropHeld(reservation.id());
            MonthState m = team.months.get(reservation.month());
            if (m != null) {
                snapshot(reservation.team(), reservation.month(), m);
            }
            return CompletableFuture.completedFuture(released);
        }
    }

    @Override
    public CompletableFuture<SpendReport> report(YearMonth month) {
        SpendReport.Builder b = new SpendReport.Builder(month);
        for (Map.Entry<String, TeamState> e : teams.entrySet()) {
            TeamState team = e.getValue();
            synchronized (team) {
                team.purge(clock.millis());
                MonthState m = team.months.get(month);
                if (m == null) {
                    continue;
                }
                m.ledger.forEach((k, v) -> b.row(new LedgerRow(
                        e.getKey(), k.user(), k.target(), k.model(), v[0], v[1], v[2], v[3], v[4], v[5])));
                b.reserved(BudgetLine.Scope.TEAM, e.getKey(), m.teamReserved);
                m.userReserved.forEach((u, v) -> b.reserved(BudgetLine.Scope.USER, u, v));
                if (m.teamLimit != null) {
                    b.limit(BudgetLine.Scope.TEAM, e.getKey(), m.teamLimit);
                }
                m.userLimits.forEach((u, v) -> b.limit(BudgetLine.Scope.USER, u, v));
            }
        }
        return CompletableFuture.completedFuture(b.build());
    }

    @Override
    public Collection<BudgetSnapshot> snapshots() {
        return gauges.all();
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }

    private void snapshot(String team, YearMonth month, MonthState m) {
        gauges.update(
                new BudgetSnapshot(team, month, m.teamLimit == null ? -1 : m.teamLimit, m.teamSpent, m.teamReserved));
    }

    private record RowKey(String user, String target, String model) {}

    private record Held(YearMonth month, String user, long amount, long expiresAtMillis) {
        Reservation toReservation(String id, String team) {
            return new Reservation(id, month, team, user, amount, true);
        }
    }

    private static final class MonthState {
        long teamSpent;
        long teamReserved;
        Long teamLimit;
        final Map<String, Long> userSpent = new HashMap<>();
        final Map<String, Long> userReserved = new HashMap<>();
        final Map<String, Long> userLimits = new HashMap<>();
        final Map<RowKey, long[]> ledger = new HashMap<>();

        ReserveResult.Reserved reserved(Reservation r) {
            return new ReserveResult.Reserved(
                    r,
                    teamSpent,
                    teamReserved,
                    userSpent.getOrDefault(r.user(), 0L),
                    userReserved.getOrDefault(r.user(), 0L));
        }

        void addReserved(String user, long amount) {
            teamReserved += amount;
            long u = userReserved.getOrDefault(user, 0L) + amount;
            if (u == 0) {
                userReserved.remove(user);
            } else {
                userReserved.put(user, u);
            }
        }
    }

    private static final class TeamState {
        final Map<String, Held> held = new HashMap<>();
        /** Insertion-ordered with one TTL, so the oldest entries expire first and purging stops early. */
        final Map<String, Long> settled = new java.util.LinkedHashMap<>();

        final Map<YearMonth, MonthState> months = new HashMap<>();

        MonthState month(YearMonth month) {
            return months.computeIfAbsent(month, x -> new MonthState());
        }

        boolean dropHeld(String id) {
            Held h = held.remove(id);
            if (h == null) {
                return false;
            }
            month(h.month()).addReserved(h.user(), -h.amount());
            return true;
        }

        void purge(long now) {
            List<String> expired = new ArrayList<>();
            held.forEach((id, h) -> {
                if (h.expiresAtMillis() <= now) {
                    expired.add(id);
                }
            });
            expired.forEach(this::dropHeld);
            for (Iterator<Long> it = settled.values().iterator(); it.hasNext(); ) {
                if (it.next() > now) {
                    break;
                }
                it.remove();
            }
        }
    }
}
