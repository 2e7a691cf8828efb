package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.money.MicroUsd;
import io.sovereign.gateway.money.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTest {
    private static final Price HOSTED = Price.ofUsdPerMillion("1.10", "0.55", "4.40");

    @ParameterizedTest(name = "{0} in ({1} cached), {2} out -> {3} micro-USD")
    @CsvSource({
        // in, cached, out, expected micro-USD (exact value in the comment, rounded up once)
        "0, 0, 0, 0",
        "1, 0, 0, 2", // 1.1
        "10, 0, 0, 11", // 11.0 exactly: no rounding
        "1000000, 0, 0, 1100000", // 1M input tokens = $1.10
        "0, 0, 1000000, 4400000",
        "1000, 200, 333, 2456", // 880 + 110 + 1465.2 = 2455.2
        "1000, 1000, 0, 550",
        "3, 0, 1, 8", // 3.3 + 4.4 = 7.7: rounded once per request, not per kind (would be 9)
    })
    void costIsRoundedUpOncePerRequest(long in, long cached, long out, long expected) {
        assertThat(HOSTED.costMicros(in, cached, out)).isEqualTo(expected);
    }

    @Test
    void cachedPriceDefaultsToTheInputPrice() {
        Price p = Price.ofUsdPerMillion("0.05", null, "0.20");
        assertThat(p).isEqualTo(new Price(50_000, 50_000, 200_000));
        assertThat(p.worstCaseMicros(1000, 1000)).isEqualTo(250);
    }

    @Test
    void pricesFinerThanAMicroDollarPerMillionAreRefused() {
        assertThatThrownBy(() -> Price.ofUsdPerMillion("0.0000001", null, "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 6 decimals");
        assertThatThrownBy(() -> Price.ofUsdPerMillion("-1", null, "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void impossibleTokenCountsAreRefused() {
        assertThatThrownBy(() -> HOSTED.costMicros(10, 11, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HOSTED.costMicros(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"500000000, $500.00", "123, $0.000123", "10001, $0.010001", "0, $0.00", "1500000, $1.50"})
    void formatsMicroDollars(long micros, String text) {
        assertThat(MicroUsd.format(micros)).isEqualTo(text);
    }
}
