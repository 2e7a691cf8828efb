package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven valid/invalid cases for the validated-pattern detectors. */
class PatternDetectorsTest {

    @ParameterizedTest(name = "card {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "4111 1111 1111 1111        | true  | Visa 16",
                "4222222222222              | true  | Visa 13",
                "4111-1111-1111-1112        | false | Luhn fails",
                "5555 5555 5555 4444        | true  | Mastercard 51-55",
                "2223 0031 2200 3222        | true  | Mastercard 2-series",
                "5555 5555 5555 444         | false | Mastercard 15 digits",
                "3782 822463 10005          | true  | Amex 4-6-5",
                "3782 8224 6310 0051        | false | Amex must be 15",
                "6011 1111 1111 1117        | true  | Discover",
                "3530 1113 3330 0000        | true  | JCB",
                "3056 930902 5904           | true  | Diners 14",
                "6759 6498 2643 8453        | true  | Maestro",
                "9111 1111 1111 1111        | false | no issuer 9",
                "1111 1111 1111 1117        | false | no issuer 1",
                "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 | true | split digits",
                "４１１１ １１１１ １１１１ １１１１ | true | fullwidth",
                "ab4111111111111111         | false | glued to letters (hex/id)",
                "+4111111111111111          | false | a '+' makes it a phone number",
                "978-3-16-148410-0          | false | ISBN",
            })
    void paymentCards(String text, boolean expected, String why) {
        assertEquals(expected, Detect.fires(DetectorKind.PAYMENT_CARD, text), why);
    }

    @ParameterizedTest(name = "iban {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "DE89 3704 0044 0532 0130 00      | true  | Germany 22",
                "DE89370400440532013000           | true  | compact",
                "de89 3704 0044 0532 0130 00      | true  | lower case",
                "DE88 3704 0044 0532 0130 00      | false | mod-97 fails",
                "DE89 3704 0044 0532 0130 0       | false | Germany is 22 long",
                "GB82 WEST 1234 5698 7654 32      | true  | letters in BBAN",
                "GB82 WEST 1234 5698 7654 3       | false | GB length 22",
                "FR14 2004 1010 0505 0001 3M02 606 | true | France 27",
                "NO93 8601 1117 947               | true  | Norway 15 (shortest)",
                "QQ12 3456 7890 1234 56           | false | unknown country",
                "XDE89 3704 0044 0532 0130 00     | false | glued",
            })
    void ibans(String text, boolean expected, String why) {
        assertEquals(expected, Detect.fires(DetectorKind.IBAN, text), why);
    }

    @ParameterizedTest(name = "national id {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "536-22-8147                | US_SSN    | valid SSN",
                "000-22-8147                |           | area 000",
                "666-22-8147                |           | area 666",
                "900-22-8147                |           | area 9xx",
                "999-22-8147                |           | area 9xx",
                "536-00-8147                |           | group 00",
                "536-22-0000                |           | serial 0000",
                "078-05-1120                |           | advertised number",
                "536228147                  |           | 9 bare digits without context",
                "SSN 536228147              | US_SSN    | 9 digits with context",
                "536-22/8147                |           | mixed separators",
                "JG103727B                  | UK_NI     | UK NI compact",
                "JG 10 37 27 B              | UK_NI     | UK NI spaced",
                "jg 10 37 27 b              | UK_NI     | UK NI lower case",
                "QQ123456C                  |           | QQ is the documentation prefix",
                "DA123456A                  |           | D not allowed first",
                "AO123456A                  |           | O not allowed second",
                "GB123456A                  |           | GB not allocated",
                "JG103727E                  |           | suffix A-D only",
                "86095742719                | DE_TAX_ID | valid Steuer-IdNr",
                "86 095 742 719             | DE_TAX_ID | grouped 2-3-3-3",
                "86095742718                |           | check digit fails",
                "12345678903                |           | every digit once (needs one repeated)",
                "06095742719                |           | leading zero",
                "11123456789                |           | digit three times in a row",
                "2 69 05 49 588 157 80      | FR_NIR    | valid NIR",
                "269054958815780            | FR_NIR    | compact NIR",
                "2 69 05 49 588 157 81      |           | NIR key fails",
                "5 69 05 49 588 157 80      |           | NIR sex digit",
            })
    void nationalIds(String text, String kind, String why) {
        Set<String> kinds = Detect.kinds(DetectorSettings.builtin(DetectorKind.NATIONAL_ID, Level.RESTRICTED), text);
        assertEquals(kind == null ? Set.of() : Set.of(kind), kinds, why);
    }

    @ParameterizedTest(name = "email {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "jane.doe@acme-corp.com          | true",
                "JANE.DOE@ACME-CORP.COM          | true",
                "m.rossi+billing@fastweb.it      | true",
                "jane (at) corp (dot) com        | true",
                "jane [at] corp [dot] co [dot] uk | true",
                "jane at corp dot com            | true",
                "jane＠corp．com                  | true",
                "user@example.com                | false",
                "user@mail.example.org           | false",
                "user@foo.test                   | false",
                "root@localhost                  | false",
                "git@github.com:acme/infra.git   | false",
                "https://token@github.com/a/b    | false",
                "logo@2x.png                     | false",
                "lodash@4.17.21                  | false",
                "look at the dot in the chart    | false",
                "@Override                       | false",
            })
    void emails(String text, boolean expected) {
        assertEquals(expected, Detect.fires(DetectorKind.EMAIL, text));
    }

    @org.junit.jupiter.api.Test
    void emailAllowDomainsAreConfigurable() {
        DetectorSettings corpOnly = new DetectorSettings(
                "email",
                DetectorKind.EMAIL,
                Level.CONFIDENTIAL,
                null,
                null,
                null,
                null,
                List.of("acme.com"),
                null,
                null);
        assertTrue(Detect.kinds(corpOnly, "bob@acme.com and bob@sales.acme.com").isEmpty());
        assertEquals(Set.of("EMAIL"), Detect.kinds(corpOnly, "user@example.com"));
    }

    @ParameterizedTest(name = "phone {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "+14155552671               | true  | E.164",
                "+44 20 7946 0958           | true  | E.164 spaced",
                "0044 20 7946 0958          | true  | 00 international prefix",
                "(415) 555-2671             | true  | NANP parentheses",
                "415-555-2671               | true  | NANP dashes",
                "415.555.2671               | true  | NANP dots",
                "1-415-555-2671             | true  | NANP with 1",
                "115-555-2671               | false | NANP area cannot start with 1",
                "020 7946 0958              | true  | UK national",
                "07700 900123               | true  | UK mobile",
                "030 1234567                | true  | German national",
                "01 42 68 53 00             | true  | French national",
                "4155552671                 | false | bare 10 digits",
                "call me on 4155552671      | true  | bare with context",
                "+123                       | false | too short",
                "2024-03-15 14:00           | false | timestamp",
                "2024/03/15                 | false | date",
                "ISBN 978-3-16-148410-0     | false | ISBN",
                "v10.4.12                   | false | version",
                "INC0012345                 | false | ticket id",
            })
    void phones(String text, boolean expected, String why) {
        assertEquals(expected, Detect.fires(DetectorKind.PHONE, text), why);
    }

    @org.junit.jupiter.api.Test
    void allowListedValuesDoNotFire() {
        DetectorSettings cards = new DetectorSettings(
                "payment-card",
                DetectorKind.PAYMENT_CARD,
                Level.RESTRICTED,
                null,
                null,
                null,
                List.of("4111 1111 1111 1111"),
                null,
                null,
                null);
        assertTrue(Detect.kinds(cards, "test card 4111-1111-1111-1111").isEmpty());
        assertEquals(Set.of("PAYMENT_CARD"), Detect.kinds(cards, "real card 4539 1488 0343 6467"));
    }
}
