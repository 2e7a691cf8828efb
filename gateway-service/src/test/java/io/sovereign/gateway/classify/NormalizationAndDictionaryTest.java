package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizationAndDictionaryTest {

    @Test
    void normalisationFoldsEvasionsAndMapsSpansBack() {
        String original = "card ４１\u200b１１ x";
        NormalizedText t = NormalizedText.of(original);
        assertEquals("card 4111 x", t.text);
        int start = t.text.indexOf('4');
        int end = t.text.indexOf(" x");
        assertEquals("４１\u200b１１", original.substring(t.origStart(start), t.origEnd(end)));
    }

    @Test
    void cyrillicAndGreekLookAlikesFoldToLatin() {
        assertEquals("NIGHTJAR jOhn", NormalizedText.of("NIGHTJ\u0410R j\u039fhn").text);
        assertEquals("Привет".length(), NormalizedText.of("Привет").text.length(), "one char for one char");
    }

    @Test
    void percentEscapesAreDecodedForScanning() {
        assertEquals("jane@corp.com x", EncodedRuns.percentDecoded("jane%40corp.com x"));
        assertEquals("50% off é", EncodedRuns.percentDecoded("50% off %C3%A9"));
        assertEquals(null, EncodedRuns.percentDecoded("50% off, 100 %"));
    }

    @Test
    void asciiTextIsUsedAsIs() {
        String s = "plain ascii";
        NormalizedText t = NormalizedText.of(s);
        assertEquals(s, t.text);
        assertEquals(3, t.origStart(3));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "What about NIGHTJAR?                 | true",
                "nightjar roadmap                      | true",
                "Nightjar's budget                     | true",
                "#nightjar                             | true",
                "ＮＩＧＨＴＪＡＲ                        | true",
                "Night\u200bjar                        | true",
                "nightjars are birds                   | false",
                "nightjarService                       | false",
                "Blue Heron deck                       | true",
                "blue-heron                            | true",
                "blue  heron                           | true",
                "blue herons                           | false",
                "blue whale                            | false",
                "Globex Corporation                    | true",
                "Globex Corp                           | false",
            })
    void dictionaryIsWholeWordCaseInsensitive(String text, boolean expected) {
        DetectorSettings d = DetectorSettings.dictionary(
                "codenames", Level.CONFIDENTIAL, List.of("NIGHTJAR", "Blue Heron", "Globex Corporation"));
        assertEquals(expected ? Set.of("DICTIONARY") : Set.of(), Detect.kinds(d, text.replace("\\u200b", "\u200b")));
    }

    @Test
    void dictionaryDetectorsMayTakeAnyId() {
        DetectorSettings customers = DetectorSettings.dictionary("customers", Level.INTERNAL, List.of("Initech"));
        Classification c = new Classifier(ClassifierSettings.of(customers))
                .classify(List.of(new TextSegment("messages[0].content", "renewal for initech")), null);
        assertEquals(Level.INTERNAL, c.level());
        assertEquals(Set.of("customers"), c.detectorIds());
    }
}
