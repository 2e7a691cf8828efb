package io.sovereign.gateway.budget;

import java.time.YearMonth;

/**
 * A held reservation; pass it back to {@link BudgetStore#settle} or {@link BudgetStore#release}.
 * {@code enforced} is false only when the store was unreachable and {@code fail-open} let the request
 * through without holding anything (its spend is still recorded at settle time if the store is back).
 */
public record Reservation(String id, YearMonth month, String team, String user, long amountMicros, boolean enforced) {}
