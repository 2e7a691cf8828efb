package io.sovereign.gateway.classify;

/**
 * Validity rules of the all-digit national identifiers and bank routing numbers, each over
 * {@code ds[f, f+len)} (separators already removed). Structure and check digits only: whether context is
 * needed is the detector's decision.
 */
final class NumericIds {
    private NumericIds() {}

    /** US SSN (SSA rules): area not 000, 666 or 900-999, group not 00, serial not 0000, no advertised numbers. */
    static boolean ssn(char[] ds, int f) {
        int area = (int) Checksums.value(ds, f, 3);
        int group = Checksums.value2(ds, f + 3);
        int serial = (int) Checksums.value(ds, f + 5, 4);
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
    }

    /** US ITIN (IRS): 9xx, group 50-65, 70-88, 90-92 or 94-99. */
    static boolean itin(char[] ds, int f) {
        if (ds[f] != '9') {
            return false;
        }
        int g = Checksums.value2(ds, f + 3);
        return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
    }

    /** German Steuer-IdNr: no leading 0; in the first ten, one digit twice or three times, the others once; MOD 11,10. */
    static boolean steuerId(char[] ds, int f) {
        if (ds[f] == '0') {
            return false;
        }
        int[] counts = new int[10];
        for (int i = 0; i < 10; i++) {
            counts[ds[f + i] - '0']++;
        }
        int multi = 0;
        for (int c : counts) {
            if (c > 3) {
                return false;
            }
            if (c >= 2) {
                multi++;
            }
        }
        if (multi != 1) {
            return false;
        }
        return Checksums.iso7064Mod11Mod10(ds, f, 11);
    }

    /**
     * French NIR over 15 chars where the department (chars 5-6) may be 2A/2B (Corsica, counted as 19/18 in the
     * key): sex 1-4/7/8, month 01-12 or 20-42/50-99 (unknown), key = 97 - (first 13 mod 97).
     */
    static boolean nir(char[] c) {
        int sex = c[0] - '0';
        if (sex != 1 && sex != 2 && sex != 3 && sex != 4 && sex != 7 && sex != 8) {
            return false;
        }
        int month = Checksums.value2(c, 3);
        if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) {
            return false;
        }
        char[] d = c.clone();
        if (c[5] == '2' && (c[6] == 'A' || c[6] == 'B')) {
            d[5] = '1';
            d[6] = c[6] == 'A' ? '9' : '8';
        }
        for (int i = 0; i < 15; i++) {
            if (d[i] < '0' || d[i] > '9') {
                return false;
            }
        }
        long n = Checksums.value(d, 0, 13);
        return Checksums.value2(d, 13) == 97 - (int) (n % 97);
    }

    /** UK NHS number: mod 11 with weights 10..2; a remainder giving 10 is never issued. */
    static boolean nhs(char[] ds, int f) {
        int sum = Checksums.weighted(ds, f, 10, 9, 8, 7, 6, 5, 4, 3, 2);
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == ds[f + 9] - '0' && !sameDigits(ds, f, 10);
    }

    /** Canada SIN: Luhn, first digit not 0 or 8 (not issued), not all one digit. */
    static boolean sin(char[] ds, int f) {
        return ds[f] != '0' && ds[f] != '8' && !sameDigits(ds, f, 9) && Checksums.luhn(ds, f, 9);
    }

    /** Australian TFN (9 digits): weights 1,4,3,7,5,8,6,9,10, sum divisible by 11. */
    static boolean tfn(char[] ds, int f) {
        return !sameDigits(ds, f, 9) && Checksums.weighted(ds, f, 1, 4, 3, 7, 5, 8, 6, 9, 10) % 11 == 0;
    }

    /** India Aadhaar: 12 digits, first 2-9, Verhoeff, not a palindrome. */
    static boolean aadhaar(char[] ds, int f) {
        if (ds[f] < '2') {
            return false;
        }
        boolean palindrome = true;
        for (int i = 0; i < 6; i++) {
            palindrome &= ds[f + i] == ds[f + 11 - i];
        }
        return !palindrome && Checksums.verhoeff(ds, f, 12);
    }

    /** Poland PESEL: weights 1,3,7,9,..., a real birth date (month + 20/40/60/80 for the century). */
    static boolean pesel(char[] ds, int f) {
        int sum = Checksums.weighted(ds, f, 1, 3, 7, 9, 1, 3, 7, 9, 1, 3);
        if ((10 - sum % 10) % 10 != ds[f + 10] - '0') {
            return false;
        }
        int mm = Checksums.value2(ds, f + 2);
        int month = mm % 20;
        int year = Checksums.value2(ds, f) + (mm >= 80 ? 1800 : 1900 + mm / 20 * 100);
        int day = Checksums.value2(ds, f + 4);
        return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year);
    }

    private static int daysIn(int month, int year) {
        if (month == 2) {
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Netherlands BSN: 11-check (9..2 weights minus the last digit, divisible by 11), not zero. */
    static boolean bsn(char[] ds, int f) {
        int sum = Checksums.weighted(ds, f, 9, 8, 7, 6, 5, 4, 3, 2) - (ds[f + 8] - '0');
        return sum % 11 == 0 && !sameDigits(ds, f, 9) && Checksums.value(ds, f, 9) > 0;
    }

    /** Belgian national number: YYMMDD + serial + 97-check (born 2000+: 2 prefixed before the check). */
    static boolean belgian(char[] ds, int f) {
        int month = Checksums.value2(ds, f + 2);
        int day = Checksums.value2(ds, f + 4);
        if (month > 12 && !(month >= 20 && month <= 32) && !(month >= 40 && month <= 52)) {
            return false; // +20/+40: BIS numbers
        }
        if (day > 31) {
            return false;
        }
        long n = Checksums.value(ds, f, 9);
        int check = Checksums.value2(ds, f + 9);
        return check == 97 - (int) (n % 97) || check == 97 - (int) ((2_000_000_000L + n) % 97);
    }

    /** Swiss AHV/AVS number: 756 + 9 digits + EAN-13 check digit. */
    static boolean ahv(char[] ds, int f) {
        return ds[f] == '7' && ds[f + 1] == '5' && ds[f + 2] == '6' && Checksums.ean13(ds, f);
    }

    /** ABA routing transit number: Federal Reserve prefix, weights 3-7-1, sum divisible by 10. */
    static boolean aba(char[] ds, int f) {
        int p = Checksums.value2(ds, f);
        boolean prefix = p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80;
        return prefix
                && !sameDigits(ds, f, 9)
                && Checksums.weighted(ds, f, 3, 7, 1, 3, 7, 1, 3, 7, 1) % 10 == 0
                && Checksums.value(ds, f, 9) > 0;
    }

    static boolean sameDigits(char[] ds, int f, int len) {
        for (int i = 1; i < len; i++) {
            if (ds[f + i] != ds[f]) {
                return false;
            }
        }
        return true;
    }
}
