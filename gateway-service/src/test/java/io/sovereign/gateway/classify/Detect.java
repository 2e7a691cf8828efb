package io.sovereign.gateway.classify;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Test helper: runs one configured detector over one user text and returns the kinds it reported. */
final class Detect {
    private Detect() {}

    static Set<String> kinds(DetectorSettings d, String text) {
        Classification c = new Classifier(ClassifierSettings.of(d)).classify(List.of(new TextSegment("t", text)), null);
        Set<String> kinds = new TreeSet<>();
        c.findings().forEach(f -> kinds.add(f.kind()));
        return kinds;
    }

    static boolean fires(DetectorKind kind, String text) {
        return !kinds(DetectorSettings.builtin(kind, Level.RESTRICTED), text).isEmpty();
    }
}
