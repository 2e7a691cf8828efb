package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the labelled corpus (src/test/resources/classify/corpus.jsonl, written by make_corpus.py: the team's own
 * cases and, since issue 12, values from public test suites with their sources) through the real classifier
 * with the SHIPPED policy's detectors (policies/default.yaml; its codenames dictionary holds the corpus'
 * codenames, as a company's would), prints recall and false-positive rate per entity and per detector, and
 * fails unless every entity's recall is at least 99% and false positives are at most 2% of the negatives.
 */
class CorpusTest {
    static final ClassifierSettings CORPUS_POLICY =
            shippedPolicy(List.of("NIGHTJAR", "Blue Heron", "Globex Corporation"));

    static ClassifierSettings shippedPolicy(List<String> codenames) {
        try {
            byte[] yaml = java.nio.file.Files.readAllBytes(
                    io.sovereign.gateway.testsupport.GatewayHarness.repoRoot().resolve("policies/default.yaml"));
            Map<String, DetectorSettings> detectors =
                    new java.util.LinkedHashMap<>(new io.sovereign.gateway.policy.PolicyParser(name -> null)
                            .parse(yaml)
                            .detectors());
            DetectorSettings c = detectors.get("codenames");
            detectors.put("codenames", DetectorSettings.dictionary("codenames", c.level(), codenames));
            return new ClassifierSettings(detectors);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load policies/default.yaml", e);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Case(String id, String endpoint, JsonNode body, Level level, Set<String> detectors) {}

    static List<Case> load() throws Exception {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(CorpusTest.class.getResourceAsStream("/classify/corpus.jsonl")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                Set<String> det = new TreeSet<>();
                n.get("detectors").forEach(d -> det.add(d.stringValue()));
                out.add(new Case(
                        n.get("id").stringValue(),
                        n.get("endpoint").stringValue(),
                        n.get("body"),
                        Level.parse(n.get("level").stringValue()),
                        det));
            }
        }
        return out;
    }

    static List<TextSegment> segments(Case c) {
        return c.endpoint().equals("embeddings")
                ? RequestText.ofEmbeddings(c.body())
                : RequestText.ofChatCompletion(c.body());
    }

    /** The entity a case tests: its id without the running number ("pub-sin-bare-1" -> "pub-sin-bare"). */
    static String entity(Case c) {
        String id = c.id().startsWith("pub-neg-") ? "pub-" + c.id().substring(8) : c.id();
        if (!id.startsWith("pub-")) {
            return c.level() == Level.PUBLIC ? "own:negatives" : "own:" + String.join("+", c.detectors());
        }
        return id.replaceAll("-\\d+$", "");
    }

    @Test
    void corpusMeetsTheBar() throws Exception {
        List<Case> cases = load();
        Classifier classifier = new Classifier(CORPUS_POLICY);
        long sensitive = cases.stream().filter(c -> c.level() != Level.PUBLIC).count();
        long negatives = cases.size() - sensitive;
        Map<String, int[]> perDetector = new TreeMap<>(); // expected, detected, fired-on-negative
        CORPUS_POLICY.detectors().keySet().forEach(id -> perDetector.put(id, new int[3]));
        List<String> missed = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        List<String> extras = new ArrayList<>();
        for (Case c : cases) {
            Classification r = classifier.classify(segments(c), null);
            Set<String> fired = r.detectorIds();
            if (c.level() == Level.PUBLIC) {
                if (!fired.isEmpty()) {
                    falsePositives.add(c.id() + " " + fired);
                    fired.forEach(id -> perDetector.get(id)[2]++);
                }
                continue;
            }
            for (String id : c.detectors()) {
                int[] s = perDetector.get(id);
                s[0]++;
                if (fired.contains(id)) {
                    s[1]++;
                }
            }
            if (!fired.containsAll(c.detectors()) || !r.level().atLeast(c.level())) {
                missed.add(c.id() + " expected " + c.detectors() + "/"
                        + c.level().wire() + " got " + fired + "/" + r.level().wire());
            }
            Set<String> extra = new TreeSet<>(fired);
            extra.removeAll(c.detectors());
            if (!extra.isEmpty()) {
                extras.add(c.id() + " " + extra);
            }
        }
        Map<String, int[]> perEntity = new TreeMap<>(); // positives, detected | negatives, fired
        for (Case c : cases) {
            Set<String> fired = classifier.classify(segments(c), null).detectorIds();
            int[] e = perEntity.computeIfAbsent(entity(c), k -> new int[4]);
            if (c.level() == Level.PUBLIC) {
                e[2]++;
                e[3] += fired.isEmpty() ? 0 : 1;
            } else {
                e[0]++;
                e[1] += fired.containsAll(c.detectors()) ? 1 : 0;
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "%n%-22s %9s %9s %8s %9s %7s%n", "entity", "positives", "detected", "recall", "negatives", "fired"));
        List<String> lowRecall = new ArrayList<>();
        perEntity.forEach((k, e) -> {
            b.append(String.format(
                    "%-22s %9d %9d %7.1f%% %9d %7d%n",
                    k, e[0], e[1], e[0] == 0 ? 100.0 : 100.0 * e[1] / e[0], e[2], e[3]));
            if (e[0] > 0 && e[1] * 100 < e[0] * 99) {
                lowRecall.add(k);
            }
        });
        b.append(String.format(
                "%nclassification corpus: %d cases, %d sensitive (%.0f%%), %d negative%n",
                cases.size(), sensitive, 100.0 * sensitive / cases.size(), negatives));
        b.append(String.format(
                "%-14s %9s %9s %8s %12s %8s%n",
                "detector", "positives", "detected", "recall", "neg. fired", "FP rate"));
        perDetector.forEach((id, s) -> b.append(String.format(
                "%-14s %9d %9d %7.1f%% %12d %7.2f%%%n",
                id, s[0], s[1], s[0] == 0 ? 100.0 : 100.0 * s[1] / s[0], s[2], 100.0 * s[2] / negatives)));
        double recall = 100.0 * (sensitive - missed.size()) / sensitive;
        double fpRate = 100.0 * falsePositives.size() / negatives;
        b.append(String.format(
                "%-14s %9d %9d %7.1f%% %12d %7.2f%%%n",
                "ALL (cases)", sensitive, sensitive - missed.size(), recall, falsePositives.size(), fpRate));
        missed.forEach(m -> b.append("  MISSED ").append(m).append('\n'));
        falsePositives.forEach(m -> b.append("  FALSE POSITIVE ").append(m).append('\n'));
        extras.forEach(m ->
                b.append("  extra detector on a sensitive case: ").append(m).append('\n'));
        System.out.println(b);

        assertTrue(cases.size() >= 200, "corpus needs at least 200 cases");
        assertTrue(sensitive * 100 >= cases.size() * 40L, "corpus needs at least 40% sensitive cases");
        assertTrue(
                lowRecall.isEmpty(),
                "recall must be >= 99% for every entity; below: " + lowRecall + "; missed: " + missed);
        assertTrue(recall >= 99.0, "recall must be >= 99% over all sensitive cases; missed: " + missed);
        assertTrue(fpRate <= 2.0, "false positives must be <= 2% of negatives; got " + fpRate + "%: " + falsePositives);
    }
}
