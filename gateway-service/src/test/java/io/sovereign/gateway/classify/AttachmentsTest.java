package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sovereign.gateway.testsupport.Pdfs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Data URIs and attachments: decoded, classified as text where they are text, uninspectable where not. */
class AttachmentsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Classifier CLASSIFIER = new Classifier(CorpusTest.CORPUS_POLICY);
    private static final byte[] PNG = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String userParts(String parts) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see attached\"},"
                + parts + "]}]}";
    }

    private static Classification classify(String body) {
        return CLASSIFIER.classify(RequestText.content(JSON.readTree(body)), null);
    }

    @Test
    void aPdfFilePartIsClassifiedByItsText() {
        String pdf = Pdfs.dataUri(Pdfs.withText("Invoice for Jane", "Paid with card 4111 1111 1111 1111, thanks"));
        String body =
                userParts("{\"type\":\"file\",\"file\":{\"filename\":\"invoice.pdf\",\"file_data\":\"" + pdf + "\"}}");
        RequestContent content = RequestText.content(JSON.readTree(body));
        assertEquals(1, content.attachments().size());
        assertEquals(
                "messages[0].content[1].file.file_data",
                content.attachments().get(0).path());
        assertEquals(Set.of(Modality.TEXT, Modality.FILE), content.modalities());
        Classification c = CLASSIFIER.classify(content, null);
        assertEquals(Level.RESTRICTED, c.level());
        assertEquals(Map.of("payment-card", 1), c.detectorCounts());
        assertEquals(
                Level.PUBLIC,
                classify(userParts("{\"type\":\"file\",\"file\":{\"file_data\":\""
                                + Pdfs.dataUri(Pdfs.withText("Quarterly river levels")) + "\"}}"))
                        .level(),
                "a clean PDF is clean");
    }

    @Test
    void aScannedPdfPageCannotBeInspected() {
        Classification c = classify(
                userParts("{\"type\":\"file\",\"file\":{\"file_data\":\"" + Pdfs.dataUri(Pdfs.scanned()) + "\"}}"));
        assertEquals(Level.CONFIDENTIAL, c.level());
        assertEquals(Map.of("uninspectable", 1), c.detectorCounts());
        assertEquals("pdf-scanned-page", c.findings().get(0).kind());
    }

    @Test
    void anImageIsUninspectableAtThePolicyLevel() {
        String body = userParts(
                "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + b64(PNG) + "\"}}");
        Classification c = classify(body);
        assertEquals(Level.CONFIDENTIAL, c.level());
        assertEquals(Map.of("uninspectable", 1), c.detectorCounts());
        assertEquals("image", c.findings().get(0).kind());
        assertEquals(Set.of(Modality.TEXT, Modality.IMAGE), c.modalities());
        Classifier lenient = new Classifier(
                new ClassifierSettings(CorpusTest.CORPUS_POLICY.detectors()).withUninspectable(Level.PUBLIC));
        assertEquals(
                Level.PUBLIC,
                lenient.classify(RequestText.content(JSON.readTree(body)), null).level(),
                "the admin decides the level");
    }

    @Test
    void textThatMerelyStartsLikeAnImageIsReadAsText() {
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"data:image/png;base64,"
                + b64("my card is 4111 1111 1111 1111 and my SSN 123-45-6789") + "\"}]}";
        Classification c = classify(body);
        assertEquals(Level.RESTRICTED, c.level());
        assertTrue(
                c.detectorCounts().containsKey("payment-card"),
                c.detectorCounts().toString());
        assertEquals(Set.of(Modality.TEXT), c.modalities(), "a string is text to the model, whatever it says");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "data:text/plain;base64,{b64}",
                "data:application/json;base64,{b64}",
                "data:text/plain;charset=utf-8,{pct}",
                "data:,{pct}",
                "data:application/octet-stream;base64,{b64}",
                "DATA:TEXT/PLAIN;BASE64,{b64}"
            })
    void textBearingDataUrisAreClassifiedAsText(String template) {
        String secret = "{\"note\":\"write to jane.doe@acme-corp.com\"}";
        String uri = template.replace("{b64}", b64(secret))
                .replace(
                        "{pct}",
                        java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8)
                                .replace("+", "%20"));
        Classification c = classify("{\"model\":\"auto\",\"metadata\":{\"doc\":" + JSON.writeValueAsString(uri) + "},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(Level.CONFIDENTIAL, c.level(), uri);
        assertEquals(Map.of("email", 1), c.detectorCounts());
    }

    @Test
    void dataUriParametersAreClassifiedToo() {
        Classification c = classify("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"data:image/png;name=card-4111111111111111.png;base64," + b64(PNG) + "\"}]}");
        assertEquals(Level.RESTRICTED, c.level());
        assertTrue(c.detectorCounts().containsKey("payment-card"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "archive,504B0304140000000800",
        "audio,52494646240000005741564566",
        "image,FFD8FFE000104A464946",
        "binary,00010203FEFF00FF10203040"
    })
    void binaryKindsAreRecognisedByTheirBytes(String kind, String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        Classification c =
                classify(userParts("{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/octet-stream;base64,"
                        + b64(bytes) + "\"}}"));
        assertEquals(Level.CONFIDENTIAL, c.level());
        assertEquals(kind, c.findings().get(0).kind());
    }

    @Test
    void undecodableBase64IsUninspectable() {
        Classification c = classify(userParts(
                "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,not base64 at all!!\"}}"));
        assertEquals(Map.of("uninspectable", 1), c.detectorCounts());
        assertEquals("undecodable", c.findings().get(0).kind());
    }

    @Test
    void inputAudioAndAnthropicSourcesAreAttachmentsToo() {
        RequestContent audio =
                RequestText.content(JSON.readTree(userParts("{\"type\":\"input_audio\",\"input_audio\":{\"data\":\""
                        + b64(java.util.HexFormat.of().parseHex("52494646240000005741564566"))
                        + "\",\"format\":\"wav\"}}")));
        assertEquals(1, audio.attachments().size());
        assertEquals("audio/wav", audio.attachments().get(0).mediaType());
        assertTrue(audio.modalities().contains(Modality.AUDIO));
        assertEquals(Level.CONFIDENTIAL, CLASSIFIER.classify(audio, null).level());

        RequestContent doc =
                RequestText.content(JSON.readTree(userParts("{\"type\":\"document\",\"source\":{\"type\":\"base64\","
                        + "\"media_type\":\"text/plain\",\"data\":\"" + b64("card 4111 1111 1111 1111") + "\"}}")));
        assertTrue(doc.modalities().contains(Modality.FILE));
        assertEquals(Level.RESTRICTED, CLASSIFIER.classify(doc, null).level());
    }

    @Test
    void theAttachmentBudgetRunningOutRaisesTheLevel() {
        Classifier small = new Classifier(new ClassifierSettings(
                CorpusTest.CORPUS_POLICY.detectors(), 2, 65536, Level.CONFIDENTIAL, 1024, 1_000_000));
        String padding = "lorem ipsum ".repeat(200) + " card 4111 1111 1111 1111";
        Classification c = small.classify(
                RequestText.content(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"data:text/plain;base64," + b64(padding) + "\"}]}")),
                null);
        assertEquals(Level.RESTRICTED, c.level());
        assertEquals(Map.of("budget:attachment", 1), c.detectorCounts(), "the card lies beyond the budget: not seen");
    }

    @Test
    void parsesOnlyTheDataUriGrammar() {
        assertNull(Attachment.dataUri("p", "data: the numbers, as agreed"));
        assertNull(Attachment.dataUri("p", "data:image/png;base64"));
        Attachment a = Attachment.dataUri("p", "data:Image/PNG;name=x.png;base64,AAAA");
        assertEquals("image/png", a.mediaType());
        assertTrue(a.base64());
        assertEquals("name=x.png\n", a.header());
        assertTrue(!a.toString().contains("AAAA"));
        List<TextSegment> plain = RequestText.of(
                JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"data: the numbers, as agreed\"}]}"));
        assertEquals("data: the numbers, as agreed", plain.get(plain.size() - 1).text(), "ordinary text stays text");
    }
}
