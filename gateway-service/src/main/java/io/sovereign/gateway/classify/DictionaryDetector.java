package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Admin dictionaries (project codenames, customer names): whole words, case-insensitive, after the same
 * normalisation as the text. A multi-word term matches its words in order with up to three spaces or
 * punctuation chars between them ("Blue  Heron", "blue-heron").
 */
final class DictionaryDetector implements Detector {
    private final Map<String, List<String[]>> byFirstWord = new HashMap<>();
    private final boolean[] firstChars = new boolean[65536];
    private int minLen = Integer.MAX_VALUE;
    private int maxLen = 0;

    DictionaryDetector(DetectorSettings s) {
        for (String term : s.terms()) {
            String[] words = words(NormalizedText.of(term).lower);
            if (words.length == 0) {
                continue;
            }
            byFirstWord.computeIfAbsent(words[0], k -> new ArrayList<>()).add(words);
            firstChars[words[0].charAt(0)] = true;
            minLen = Math.min(minLen, words[0].length());
            maxLen = Math.max(maxLen, words[0].length());
        }
        this.firstWordPairs =
                byFirstWord.keySet().stream().map(Bigrams::pairsOf).toArray(int[][]::new);
    }

    private static String[] words(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && !Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
            int a = i;
            while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
            if (i > a) {
                out.add(s.substring(a, i));
            }
        }
        return out.toArray(new String[0]);
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        if (byFirstWord.isEmpty() || !anyFirstWord(t.bigrams())) {
            return; // the usual case: no term's first word can occur, so no word-by-word pass
        }
        String s = t.lower;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                i++;
                continue;
            }
            int a = i;
            while (i < n && Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
            int len = i - a;
            if (!firstChars[c] || len < minLen || len > maxLen) {
                continue;
            }
            List<String[]> candidates = byFirstWord.get(s.substring(a, i));
            if (candidates == null) {
                continue;
            }
            for (String[] term : candidates) {
                int end = matchRest(s, i, term);
                if (end >= 0) {
                    sink.hit("DICTIONARY", a, end);
                    break;
                }
            }
        }
    }

    /** Each term's first word as character pairs: a text lacking all of them has no term. */
    private final int[][] firstWordPairs;

    private boolean anyFirstWord(Bigrams pairs) {
        for (int[] w : firstWordPairs) {
            if (pairs.mayContain(w)) {
                return true;
            }
        }
        return false;
    }

    /** Matches term words 1.. after position p; returns the end of the match or -1. */
    private static int matchRest(String s, int p, String[] term) {
        int pos = p;
        for (int w = 1; w < term.length; w++) {
            int gap = 0;
            while (pos < s.length() && !Character.isLetterOrDigit(s.charAt(pos)) && gap < 3) {
                pos++;
                gap++;
            }
            if (gap == 0 || !s.startsWith(term[w], pos)) {
                return -1;
            }
            pos += term[w].length();
            if (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                return -1;
            }
        }
        return pos;
    }
}
