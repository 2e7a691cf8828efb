package io.sovereign.gateway.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Conversions between decimal US dollars and the integer micro-dollars the gateway stores. */
public final class MicroUsd {
    public static final long PER_USD = 1_000_000L;

    private MicroUsd() {}

    /** Exact conversion; a value with more than six decimals cannot be represented and is refused. */
    public static long fromUsd(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + usd.toPlainString());
        }
        try {
            return usd.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "amount " + usd.toPlainString() + " USD has more than 6 decimals or is too large", e);
        }
    }

    public static long fromUsd(String usd) {
        return fromUsd(new BigDecimal(usd.trim()));
    }

    /** "$500.00" for whole cents, otherwise every significant micro-dollar digit ("$0.000123"). */
    public static String format(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (usd.scale() < 2) {
            usd = usd.setScale(2, RoundingMode.UNNECESSARY);
        }
        return (micros < 0 ? "-$" + usd.negate().toPlainString() : "$" + usd.toPlainString());
    }
}
