package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class SpendReportTest {
    @Test
    void csvQuotesSeparatorsAndDefusesSpreadsheetFormulas() {
        SpendReport r = new SpendReport.Builder(YearMonth.of(2026, 11))
                .row(new LedgerRow("=HYPERLINK(\"x\")", "a,b", "onprem", "m", 1, 10, 0, 5, 3, 7))
                .build();
        assertThat(r.toCsv())
                .contains("2026-11,team,\"'=HYPERLINK(\"\"x\"\")\",3,0,,1,10,5,4\n")
                .contains("2026-11,user,\"a,b\",3,0,,1,10,5,4\n");
    }

    @Test
    void jsonEscapesNamesAndAnEmptyMonthHasEmptyMaps() {
        assertThat(new SpendReport.Builder(YearMonth.of(2027, 1)).build().toJson())
                .isEqualTo("{\"month\":\"2027-01\",\"teams\":{},\"users\":{},\"targets\":{},\"models\":{}}");
        SpendReport r = new SpendReport.Builder(YearMonth.of(2026, 11))
                .row(new LedgerRow("q\"t", "u\\v", "onprem", "m", 1, 1, 0, 1, 1, 1))
                .build();
        assertThat(r.toJson()).contains("\"q\\\"t\":{").contains("\"u\\\\v\":{");
    }

    @Test
    void totalsAddUpOverEveryDimension() {
        SpendReport r = new SpendReport.Builder(YearMonth.of(2026, 11))
                .row(new LedgerRow("legal", "alice", "onprem", "gpt-oss-20b", 2, 100, 0, 50, 20, 300))
                .row(new LedgerRow("legal", "bob", "hosted", "o3-mini", 1, 10, 5, 5, 40, 4))
                .row(new LedgerRow("sales", "alice", "hosted", "o3-mini", 3, 30, 0, 15, 60, 6))
                .build();
        assertThat(r.total()).isEqualTo(new SpendTotals(120, 0, null, 6, 140, 70, 310 - 120));
        assertThat(r.users().get("alice").spentMicros()).isEqualTo(80);
        assertThat(r.models().get("o3-mini").requests()).isEqualTo(4);
    }
}
