package io.sovereign.gateway.budget;

/** The ledger's finest grain for one month: totals per (team, user, target, model). */
public record LedgerRow(
        String team,
        String user,
        String target,
        String model,
        long requests,
        long inputTokens,
        long cachedInputTokens,
        long outputTokens,
        long costMicros,
        long alternativeCostMicros) {}
