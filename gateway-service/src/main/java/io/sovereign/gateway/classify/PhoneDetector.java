package io.sovereign.gateway.classify;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers, validated by Google's libphonenumber ({@code findNumbers} with a validating leniency: VALID, or EXACT_GROUPING without a phone word) for the
 * policy's regions (a broad default), international numbers ({@code +}, {@code 00}, {@code 011}) for every
 * country. Extensions ({@code x456}, {@code ext. 12}) belong to the number.
 *
 * <p>libphonenumber costs tens of microseconds per call, so it only sees short windows (at most 17 digits:
 * E.164's 15 plus a trunk or exit prefix) cut from the shared digit runs, and only windows that look like a
 * phone number written for people: several digit groups, a {@code +}, a bracketed area code, or a phone word
 * nearby. A bare "order 612345678" is not sent, so ids and amounts do not fire. For each national window a
 * region is tried only when the digits have one of its possible lengths and match its number pattern.
 * Identical windows are decided once per text; past {@link #MAX_WINDOWS} distinct windows the detector stops
 * and reports {@code PHONE_UNCHECKED} (fail closed: a wall of digit groups stays in the building).
 */
final class PhoneDetector implements Detector {
    static final int MAX_WINDOWS = 512;
    static final int MAX_DIGITS = 17;
    static final List<String> DEFAULT_REGIONS = List.of(
            "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "ES", "PT", "IT", "PL", "CZ", "SE", "NO",
            "DK", "FI", "GR", "IL", "IN", "CN", "HK", "TW", "JP", "KR", "SG", "AU", "NZ", "BR", "MX", "AR", "CO", "ZA",
            "AE", "SA", "TR", "RU", "UA", "NG", "PH");
    private static final String[] CONTEXT = {
        "phone",
        "tel",
        "call",
        "mobile",
        "cell",
        "fax",
        "whatsapp",
        "sms",
        "text me",
        "reach me",
        "dial",
        "handy",
        "portable",
        "telefon",
        "téléphone",
        "ring",
        "contact"
    };
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Map<String, Region> REGIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Set<String> allow;
    private final List<Region> regions;

    /** A region's metadata reduced to the cheap pre-check: national prefix, possible lengths, number pattern. */
    private record Region(String code, String nationalPrefix, Set<Integer> lengths, Pattern pattern) {
        boolean plausible(String digits) {
            String nsn = !nationalPrefix.isEmpty() && digits.startsWith(nationalPrefix)
                    ? digits.substring(nationalPrefix.length())
                    : digits;
            return lengths.contains(nsn.length()) && pattern.matcher(nsn).matches()
                    || !nsn.equals(digits)
                            && lengths.contains(digits.length())
                            && pattern.matcher(digits).matches();
        }
    }

    PhoneDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
        List<Region> rs = new ArrayList<>();
        for (String code : s.regionsOrDefault()) {
            rs.add(region(code));
        }
        this.regions = List.copyOf(rs);
    }

    /** Whether libphonenumber knows the region (for the policy's validation). */
    static boolean knownRegion(String code) {
        return UTIL.getSupportedRegions().contains(code);
    }

    private static Region region(String code) {
        return REGIONS.computeIfAbsent(code, c -> {
            PhoneMetadata m = DefaultMetadataDependenciesProvider.getInstance()
                    .getPhoneNumberMetadataSource()
                    .getMetadataForRegion(c);
            if (m == null) {
                throw new IllegalArgumentException("unknown phone region '" + c + "'");
            }
            return new Region(
                    c,
                    m.hasNationalPrefix() ? m.getNationalPrefix() : "",
                    Set.copyOf(m.getGeneralDesc().getPossibleLengthList()),
                    Pattern.compile(m.getGeneralDesc().getNationalNumberPattern()));
        });
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 7) {
            return;
        }
        Map<String, int[]> decided = new HashMap<>();
        String s = t.text;
        for (int r = 0; r < d.nRuns; r++) {
            int g0 = d.runGroup[r];
            int g1 = d.runGroup[r + 1];
            int covered = g0; // groups before this are inside a number already reported
            for (int a = g0; a < g1; a++) {
                if (a < covered) {
                    continue;
                }
                int end = -1;
                for (int b = lastGroup(d, a, g1); b > a; b--) {
                    if (d.digitCount(a, b) < 7
                            || (a > g0 && !opens(s, d.startOf(a)) && !apart(d, a - 1, a, b))
                            || (b < g1 && !opens(s, d.startOf(b)) && !apart(d, b - 1, a, b))) {
                        continue; // a whole run, or a part set apart by "(", "+" or a wider separator
                    }
                    int[] found = window(t, d, a, b, decided);
                    if (found == null) {
                        return; // budget spent; PHONE_UNCHECKED reported
                    }
                    if (found.length == 2) {
                        sink.hit("PHONE", found[0], found[1]);
                        end = b;
                        break;
                    }
                }
                if (end > 0) {
                    covered = end;
                }
            }
        }
    }

    /** Largest b with groups [a, b) holding at most MAX_DIGITS digits (a group longer than that: a+1). */
    private static int lastGroup(DigitRuns d, int a, int g1) {
        int b = a + 1;
        while (b < g1 && d.digitCount(a, b + 1) <= MAX_DIGITS) {
            b++;
        }
        return b;
    }

    /**
     * The separator after group g sets the number starting at group a apart from its neighbour: it has a space
     * and differs from the number's own first separator ("CA 34215 - 415-666-7777"), so two numbers that
     * happen to share a digit run are told apart, while "4111 1111 1111 1111" stays one thing.
     */
    private static boolean apart(DigitRuns d, int g, int a, int b) {
        String sep = d.separatorAfter(g);
        String own = b - a >= 2 ? d.separatorAfter(a) : "";
        return sep.indexOf(' ') >= 0 && !sep.equals(own);
    }

    /** A '(' or '+' right before the digit at i (after at most one space): a number starts here. */
    private static boolean opens(String s, int i) {
        int p = i - 1;
        if (p >= 0 && s.charAt(p) == ' ') {
            p--;
        }
        return p >= 0 && (s.charAt(p) == '(' || s.charAt(p) == '+');
    }

    /** 2024-03-15, 15.03.2024: dates, not numbers to dial. 48.858370: a decimal. 078-05-1120: an SSN. */
    private static boolean dateOrDecimal(DigitRuns d, int a, int b) {
        int groups = b - a;
        String sep = groups > 1 ? d.separatorAfter(a) : "";
        if (groups >= 2
                && sep.equals("-")
                && d.groupLen(a) == 4
                && (d.digits[d.groupStart[a]] == '1' && d.digits[d.groupStart[a] + 1] == '9'
                        || d.digits[d.groupStart[a]] == '2' && d.digits[d.groupStart[a] + 1] == '0')) {
            return true; // 2024-000731, 2024-11-0042: a year first
        }
        if (d.shape(a, b, 3, 2, 4)) {
            return true; // 3-2-4 is the US SSN layout, not a phone layout
        }
        if (groups == 2 && sep.equals(".")) {
            return true;
        }
        if (groups >= 3
                && (sep.equals("-") || sep.equals("."))
                && d.separatorAfter(a + 1).equals(sep)) {
            int l0 = d.groupLen(a);
            int l1 = d.groupLen(a + 1);
            int l2 = d.groupLen(a + 2);
            return (l0 == 4 && l1 <= 2 && l2 <= 2) || (l0 <= 2 && l1 <= 2 && l2 == 4);
        }
        return false;
    }

    private static final int[] NONE = new int[0];

    /** Decides groups [a, b): {start, end} of a phone number, NONE, or null when the budget ran out. */
    private int[] window(NormalizedText t, DigitRuns d, int a, int b, Map<String, int[]> decided) {
        String s = t.text;
        if (b - a > 3 && d.groupLen(a + 2) == 1) {
            return NONE; // "1 2 3 4 5 6 7" (checked again below for every group)
        }
        int from = d.startOf(a);
        int to = extension(s, d.endOf(b - 1));
        if (d.digitCount(a, b) > MAX_DIGITS
                || (to < s.length() && DigitRuns.wordChar(s.charAt(to)))
                || (from > 0 && Character.isLetter(s.charAt(from - 1)))
                || NumberDetectors.afterIbanGroup(s, from)) {
            return NONE;
        }
        for (int g = a; g + 1 < b; g++) {
            if (d.separatorAfter(g).indexOf('/') >= 0) {
                return NONE; // dates, fractions, paths
            }
            if (g > a + 1 && d.groupLen(g) == 1) {
                return NONE; // "1 2 3 4 5 6 7": after a country and an area code, groups have 2+ digits
            }
        }
        if (dateOrDecimal(d, a, b)) {
            return NONE;
        }
        boolean plus = false;
        int p = from - 1;
        if (p >= 0 && s.charAt(p) == '(') {
            from = p--;
        }
        if (p >= 0 && s.charAt(p) == ' ' && p > 0 && s.charAt(p - 1) == '+') {
            p--;
        }
        if (p >= 0 && s.charAt(p) == '+') {
            plus = true;
            from = p;
        }
        String digits = new String(d.digits, d.groupStart[a], d.digitCount(a, b));
        boolean exit = digits.startsWith("00") || digits.startsWith("011");
        boolean shaped = plus || exit || b - a >= 2 || s.charAt(from) == '(';
        boolean context = NumberDetectors.contextNear(t.lower, from, to, 40, 24, CONTEXT); // 64 chars, bounded
        if (!shaped && !context || d.digitCount(a, b) < 8 && !plus && !context) {
            return NONE; // a bare digit string (an id, an amount) or a 7-digit local number without a phone word
        }
        String text = s.substring(from, to);
        String key = context ? "\u0001" + text : text; // the leniency depends on the phone word
        int[] known = decided.get(key);
        if (known == null) {
            known = RECENT.get(key); // conversations resend their history: decided windows are kept
        }
        if (known != null) {
            decided.put(key, known);
            return shift(known, from);
        }
        if (decided.size() >= MAX_WINDOWS) {
            return null;
        }
        int[] rel = decide(text, digits, plus, exit, context);
        decided.put(key, rel);
        remember(key, rel);
        if (rel.length == 2 && !allow.isEmpty()) {
            String matched = text.substring(rel[0], rel[1]).replaceAll("[^0-9]", "");
            if (allow.contains(matched) || allow.contains(digits)) {
                decided.put(key, NONE);
                return NONE;
            }
        }
        return shift(rel, from);
    }

    /**
     * Windows decided recently by this detector (one per policy revision), across requests: bounded, cleared
     * when full, in this process's memory only, never logged.
     */
    private final Map<String, int[]> RECENT = new java.util.concurrent.ConcurrentHashMap<>();

    private static final int RECENT_MAX = 8192;

    private void remember(String key, int[] rel) {
        if (RECENT.size() >= RECENT_MAX) {
            RECENT.clear();
        }
        RECENT.put(key, rel);
    }

    private static int[] shift(int[] rel, int from) {
        return rel.length == 2 ? new int[] {rel[0] + from, rel[1] + from} : rel;
    }

    /** The span (relative to text) of a valid number libphonenumber finds, or NONE. */
    private int[] decide(String text, String digits, boolean plus, boolean exit, boolean context) {
        if (plus || exit) {
            // any region parses "+..."; an exit code needs a region that dials out with it
            return first(text, digits.startsWith("011") ? "US" : "GB", PhoneNumberUtil.Leniency.VALID);
        }
        // without a phone word, a national number must be grouped exactly as its region writes numbers:
        // "046 454 286" is a valid Swedish number on paper, but nobody in Sweden writes it that way
        PhoneNumberUtil.Leniency leniency =
                context ? PhoneNumberUtil.Leniency.VALID : PhoneNumberUtil.Leniency.EXACT_GROUPING;
        for (Region r : regions) {
            if (r.plausible(digits)) {
                int[] m = first(text, r.code(), leniency);
                if (m.length == 2) {
                    return m;
                }
            }
        }
        return NONE;
    }

    /**
     * The number libphonenumber finds in the whole window, or NONE. Leniency VALID for international numbers
     * and next to a phone word; EXACT_GROUPING otherwise (valid, and its digit groups are the region's), so
     * "4410 2283 1192" or "2024-000731" are not numbers even where some region has a number of that length.
     * A match covering only part of the window (an inner match) does not count: the window is the candidate.
     */
    private static int[] first(String text, String region, PhoneNumberUtil.Leniency leniency) {
        for (PhoneNumberMatch m : UTIL.findNumbers(text, region, leniency, 4)) {
            int start = m.start();
            boolean whole = start <= 1 && m.end() >= text.length() - 1;
            return whole ? new int[] {start, m.end()} : NONE;
        }
        return NONE;
    }

    /** Extends the end over an extension: " x456", " ext. 12", " extension 7", "#123", ";ext=12". */
    static int extension(String s, int to) {
        int i = to;
        int lim = Math.min(s.length(), to + 14);
        while (i < lim && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == ';')) {
            i++;
        }
        if (i >= lim || "xXeE#".indexOf(s.charAt(i)) < 0) {
            return to; // the common case, without allocating
        }
        String rest = s.substring(i, lim).toLowerCase(java.util.Locale.ROOT);
        int k;
        if (rest.startsWith("extension")) {
            k = 9;
        } else if (rest.startsWith("ext=") || rest.startsWith("ext.")) {
            k = 4;
        } else if (rest.startsWith("ext")) {
            k = 3;
        } else if (rest.startsWith("x") || rest.startsWith("#")) {
            k = 1;
        } else {
            return to;
        }
        int j = i + k;
        while (j < s.length() && j - i < 12 && s.charAt(j) == ' ') {
            j++;
        }
        int digitsStart = j;
        while (j < s.length() && j - digitsStart < 7 && DigitRuns.isDigit(s.charAt(j))) {
            j++;
        }
        if (j == digitsStart || (j < s.length() && Character.isLetterOrDigit(s.charAt(j)))) {
            return to;
        }
        return j;
    }
}
