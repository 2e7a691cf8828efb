package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.money.Price;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettlementJournalTest {

    static final Price PRICE = Price.ofUsdPerMillion("1.10", "0.55", "4.40");

    static RedisBudgetStore.PendingSettlement pending(String id) {
        Reservation r = new Reservation(id, YearMonth.of(2026, 11), "legal", "bob", 5_000, true);
        SettledUsage u = new SettledUsage(
                "hosted", "o3-mini", 700, 100, 250, PRICE, Price.ofUsdPerMillion("0.05", null, "0.20"));
        return new RedisBudgetStore.PendingSettlement(r, u, u.costMicros(), u.alternativeCostMicros());
    }

    @Test
    void replaysWhatWasDeferredAndNotDoneSkippingATornLastLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("j");
        try (SettlementJournal j = new SettlementJournal(file)) {
            j.deferred(pending("a"));
            j.deferred(pending("b"));
            j.deferred(pending("c"));
            j.done("b");
        }
        Files.writeString(
                file, "{\"op\":\"defer\",\"id\":\"d\",\"mon", StandardOpenOption.APPEND); // cut short by a crash
        try (SettlementJournal j = new SettlementJournal(file)) {
            assertThat(j.replay()).extracting(p -> p.reservation().id()).containsExactly("a", "c");
            assertThat(j.replay().get(0)).isEqualTo(pending("a"));
            j.clear();
            assertThat(j.replay()).isEmpty();
        }
    }

    @Test
    void aSecondGatewayOnTheSameFileIsRefused(@TempDir Path dir) {
        try (SettlementJournal j = new SettlementJournal(dir.resolve("j"))) {
            assertThatThrownBy(() -> new SettlementJournal(dir.resolve("j")))
                    .hasMessageContaining("in use by another gateway");
        }
    }
}
