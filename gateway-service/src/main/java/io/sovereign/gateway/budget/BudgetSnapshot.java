package io.sovereign.gateway.budget;

import java.time.YearMonth;

/** A team's budget figures as last seen by this replica (cheap to read: no store round trip). */
public record BudgetSnapshot(String team, YearMonth month, long limitMicros, long spentMicros, long reservedMicros) {}
