package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RequestTextTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static Map<String, String> byPath(List<TextSegment> segs) {
        return segs.stream().collect(Collectors.toMap(TextSegment::path, TextSegment::text));
    }

    @Test
    void extractsEveryTextThatWouldLeave() {
        JsonNode body = JSON.readTree("""
                {"model":"auto","user":"u-42","metadata":{"ticket":"T-1"},
                 "messages":[
                  {"role":"system","content":"sys text"},
                  {"role":"user","name":"alice","content":[{"type":"text","text":"part one"},
                     {"type":"image_url","image_url":{"url":"https://img.acme.io/a.png"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"lookup","arguments":"{\\"q\\":\\"args text\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"tool result"}],
                 "tools":[{"type":"function","function":{"name":"lookup","description":"desc text",
                     "parameters":{"type":"object","properties":{"q":{"type":"string","description":"param text"}}}}}],
                 "max_tokens": 100}
                """);
        Map<String, String> m = byPath(RequestText.ofChatCompletion(body));
        assertEquals("sys text", m.get("messages[0].content"));
        assertEquals("alice", m.get("messages[1].name"));
        assertEquals("part one", m.get("messages[1].content[0].text"));
        assertEquals("https://img.acme.io/a.png", m.get("messages[1].content[1].image_url.url"));
        assertEquals("{\"q\":\"args text\"}", m.get("messages[2].tool_calls[0].function.arguments"));
        assertEquals("tool result", m.get("messages[3].content"));
        assertEquals("desc text", m.get("tools[0].function.description"));
        assertEquals("param text", m.get("tools[0].function.parameters.properties.q.description"));
        assertEquals("u-42", m.get("user"));
        assertEquals("T-1", m.get("metadata.ticket"));
        assertTrue(!m.containsKey("max_tokens"), "small numbers are not text");
    }

    @Test
    void embeddingsInputStringArrayAndTokens() {
        Map<String, String> m = byPath(
                RequestText.ofEmbeddings(JSON.readTree("{\"model\":\"auto\",\"input\":[\"first\",\"second\"]}")));
        assertEquals("first", m.get("input[0]"));
        assertEquals("second", m.get("input[1]"));
        assertEquals(
                "only",
                byPath(RequestText.ofEmbeddings(JSON.readTree("{\"input\":\"only\"}")))
                        .get("input"));

        var enc = com.knuddels.jtokkit.Encodings.newDefaultEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.CL100K_BASE);
        var ids = enc.encode("mail jane.doe@acme-corp.com now");
        StringBuilder arr = new StringBuilder("[");
        for (int i = 0; i < ids.size(); i++) {
            arr.append(i == 0 ? "" : ",").append(ids.get(i));
        }
        arr.append("]");
        List<TextSegment> segs = RequestText.ofEmbeddings(JSON.readTree("{\"input\":[" + arr + "]}"));
        assertEquals("mail jane.doe@acme-corp.com now", byPath(segs).get("input[0]#tokens"));
        Classification c = new Classifier(CorpusTest.CORPUS_POLICY).classify(segs, null);
        assertEquals(Level.CONFIDENTIAL, c.level(), "token-array input is classified as text");
    }

    @Test
    void redactedTokenArrayInputIsWrittenBackAsTokens() {
        var enc = com.knuddels.jtokkit.Encodings.newDefaultEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.CL100K_BASE);
        var ids = enc.encode("mail jane.doe@acme-corp.com now");
        tools.jackson.databind.node.ArrayNode tokens = JSON.createArrayNode();
        for (int i = 0; i < ids.size(); i++) {
            tokens.add(ids.get(i));
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("input").add(tokens);
        List<TextSegment> segs = RequestText.ofEmbeddings(body);
        Redaction r = Redactor.redact(
                segs,
                new Classifier(CorpusTest.CORPUS_POLICY).classify(segs, null).findings());
        RequestText.replace(body, r.segments());
        assertTrue(body.get("input").get(0).isArray(), "still a token array");
        assertEquals(
                "mail [EMAIL_1] now", byPath(RequestText.ofEmbeddings(body)).get("input[0]#tokens"));
    }

    @Test
    void inlineBinaryDataUrisAreSkipped() {
        String png = "data:image/png;base64," + "iVBORw0KGgo".repeat(40);
        JsonNode body = JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"" + png + "\"}}]}]}");
        assertTrue(byPath(RequestText.ofChatCompletion(body)).values().stream().noneMatch(v -> v.startsWith("data:")));
    }

    @Test
    void replaceWritesRedactedTextsBackByPath() {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"mail bob@acme.io"}]},
                  {"role":"assistant","tool_calls":[{"function":{"name":"f","arguments":"{\\"to\\":\\"bob@acme.io\\"}"}}]}]}
                """);
        List<TextSegment> segs = RequestText.ofChatCompletion(body);
        Classification c = new Classifier(CorpusTest.CORPUS_POLICY).classify(segs, null);
        Redaction r = Redactor.redact(segs, c.findings());
        RequestText.replace(body, r.segments());
        assertEquals("mail [EMAIL_1]", body.at("/messages/0/content/0/text").stringValue());
        assertEquals(
                "{\"to\":\"[EMAIL_1]\"}",
                body.at("/messages/1/tool_calls/0/function/arguments").stringValue());
        assertEquals("auto", body.get("model").stringValue());
        assertEquals(
                Level.PUBLIC,
                new Classifier(CorpusTest.CORPUS_POLICY)
                        .classify(RequestText.ofChatCompletion(body), null)
                        .level(),
                "redacted body classifies clean");
        assertThrows(
                IllegalArgumentException.class,
                () -> RequestText.replace(body, List.of(new TextSegment("messages[9].content", "x"))));
    }

    @Test
    void objectKeysAreClassifiedLikeValues() {
        JsonNode body = JSON.readTree("""
                {"model":"auto","messages":[{"role":"user","content":"fill the form"}],
                 "metadata":{"4111111111111111":"x"},
                 "response_format":{"type":"json_schema","json_schema":{"name":"form","schema":{"type":"object",
                   "properties":{"card_4111 1111 1111 1111_ssn_123-45-6789":{"type":"string"}}}}}}
                """);
        Map<String, String> m = byPath(RequestText.of(body));
        assertEquals("4111111111111111", m.get("metadata.4111111111111111#key"));
        assertTrue(m.containsKey(
                "response_format.json_schema.schema.properties.card_4111 1111 1111 1111_ssn_123-45-6789#key"));
        Classification c = new Classifier(CorpusTest.CORPUS_POLICY).classify(RequestText.of(body), null);
        assertEquals(Level.RESTRICTED, c.level());
        assertTrue(
                c.detectorCounts().containsKey("payment-card")
                        && c.detectorCounts().containsKey("national-id"),
                c.detectorCounts().toString());
    }

    @Test
    void wireFormatKeysAreNotText() {
        JsonNode body = JSON.readTree("""
                {"model":"auto","temperature":0.2,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
                """);
        assertEquals(
                List.of("tools[0].function.parameters.properties.city#key"),
                RequestText.of(body).stream()
                        .map(TextSegment::path)
                        .filter(p -> p.endsWith("#key"))
                        .toList(),
                "wire-format names cost no segments; a schema's own property name is classified");
        Map<String, String> m =
                byPath(RequestText.of(JSON.readTree("{\"metadata\":{\"project\":\"NIGHTJAR\",\"NIGHTJAR\":1}}")));
        assertEquals("project", m.get("metadata.project#key"));
        assertEquals("NIGHTJAR", m.get("metadata.NIGHTJAR#key"));
    }

    @Test
    void redactedKeysAreRenamedInPlace() {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"auto","messages":[{"role":"user","content":"hi"}],"metadata":{"a":1,"bob@acme.io":{"x":"bob@acme.io"},"z":2}}
                """);
        List<TextSegment> segs = RequestText.of(body);
        Redaction r = Redactor.redact(
                segs,
                new Classifier(CorpusTest.CORPUS_POLICY).classify(segs, null).findings());
        RequestText.replace(body, r.segments());
        assertEquals(
                List.of("a", "[EMAIL_1]", "z"), List.copyOf(body.get("metadata").propertyNames()), "order kept");
        assertEquals("[EMAIL_1]", body.at("/metadata/[EMAIL_1]/x").stringValue());
    }
}
