package io.sovereign.gateway.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionRetentionTest {

    @ParameterizedTest(name = "{0} entries, {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10000   | PT24H  | ok",
                "1       | PT1S   | ok",
                "1000000 | P31D   | ok",
                "0       | PT24H  | gateway.decisions.max-entries must be 1..1000000: 0",
                "1000001 | PT24H  | gateway.decisions.max-entries must be 1..1000000: 1000001",
                "10      | PT0.5S | gateway.decisions.max-age must be between 1s and 31d: PT0.5S",
                "10      | P32D   | gateway.decisions.max-age must be between 1s and 31d: PT768H",
            })
    void boundsAreChecked(int entries, String age, String expected) {
        if (expected.equals("ok")) {
            assertThat(new DecisionRetention(entries, Duration.parse(age)).maxEntries())
                    .isEqualTo(entries);
        } else {
            assertThatThrownBy(() -> new DecisionRetention(entries, Duration.parse(age)))
                    .hasMessage(expected);
        }
    }
}
