package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy's {@code redact} action: replaces each finding's span by a typed placeholder ({@code [EMAIL_1]},
 * {@code [PAYMENT_CARD_1]}; the same value gets the same placeholder everywhere in the request) and returns the
 * new texts plus the mapping to restore originals in the response. Overlapping spans are merged. Findings that
 * exist only after decoding (-1/-1) cannot be redacted; they are counted in {@link Redaction#unmapped()} and the
 * caller classifies the redacted request again (the value is still there, so the ceiling still applies).
 */
public final class Redactor {
    private Redactor() {}

    public static Redaction redact(List<TextSegment> segments, List<Finding> findings) {
        Map<String, String> placeholderByValue = new HashMap<>();
        Map<String, Integer> perKind = new HashMap<>();
        Map<String, String> originals = new LinkedHashMap<>();
        List<TextSegment> out = new ArrayList<>(segments.size());
        int unmapped = 0;
        int replaced = 0;
        List<List<Finding>> bySegment = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            bySegment.add(new ArrayList<>());
        }
        for (Finding f : findings) {
            if (!f.mapped()) {
                unmapped++;
            } else if (f.segment() >= 0 && f.segment() < segments.size()) {
                bySegment.get(f.segment()).add(f);
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            TextSegment seg = segments.get(i);
            List<Finding> fs = bySegment.get(i);
            if (fs.isEmpty()) {
                out.add(seg);
                continue;
            }
            fs.sort(Comparator.comparingInt(Finding::start)
                    .thenComparing(Comparator.comparingInt(Finding::end).reversed()));
            String text = seg.text();
            StringBuilder b = new StringBuilder(text.length());
            int pos = 0;
            int k = 0;
            while (k < fs.size()) {
                Finding first = fs.get(k);
                int start = Math.max(first.start(), pos);
                int end = first.end();
                k++;
                while (k < fs.size() && fs.get(k).start() < end) { // merge overlaps
                    end = Math.max(end, fs.get(k).end());
                    k++;
                }
                end = Math.min(end, text.length());
                if (start >= end) {
                    continue;
                }
                String value = text.substring(start, end);
                String key = first.kind() + "\u0000" + canonical(value);
                String placeholder = placeholderByValue.get(key);
                if (placeholder == null) {
                    int n = perKind.merge(first.kind(), 1, Integer::sum);
                    placeholder = "[" + first.kind().toUpperCase(Locale.ROOT) + "_" + n + "]";
                    placeholderByValue.put(key, placeholder);
                    originals.put(placeholder, value);
                }
                b.append(text, pos, start).append(placeholder);
                pos = end;
                replaced++;
            }
            b.append(text, pos, text.length());
            out.add(new TextSegment(seg.path(), b.toString()));
        }
        return new Redaction(out, originals, replaced, unmapped);
    }

    /** Same value in another spelling ("4111 1111 ..." vs "4111-1111-...") maps to the same placeholder. */
    private static String canonical(String value) {
        String n = NormalizedText.of(value).lower;
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '@' || c == '_') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
