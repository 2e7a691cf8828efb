package io.sovereign.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Pdfs;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The blind spots of classification, through the real gateway with the shipped policy: JSON keys, data URIs
 * (a PDF with a card inside, an image, text that merely starts like an image), a spent decode budget and the
 * caller's query string. In each, the external target receives nothing of the sensitive content.
 */
@GatewayTest
class ClassificationCoverageIT {

    static final String CARD = "4111 1111 1111 1111";

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    @BeforeEach
    void reset() {
        onprem.reset();
        hosted.reset();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String userParts(String parts) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"please read this\"},"
                + parts + "]}]}";
    }

    HttpResponse<String> chat(String body) {
        return gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, body);
    }

    JsonNode explain(String body) {
        return OpenAiStub.JSON.readTree(gateway.post("/admin/policy/explain", GatewayHarness.ADMIN_KEY, body)
                .body());
    }

    @Test
    void aCardNumberAsAMetadataKeyStaysOnprem() {
        String body = "{\"model\":\"o3-mini\",\"metadata\":{\"4111111111111111\":\"x\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"rivers of Europe\"}]}";
        HttpResponse<String> r = chat(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received().get(0).body().get("metadata").has("4111111111111111"))
                .isTrue();
    }

    @Test
    void aCardAndSsnInAJsonSchemaPropertyNameStayOnprem() {
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"fill it in\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"f\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"card_" + CARD + "_ssn_123-45-6789\":{\"type\":\"string\"}}}}}}";
        HttpResponse<String> r = chat(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(hosted.received()).isEmpty();
        assertThat(explain(body).get("detectors").propertyNames()).contains("payment-card", "national-id");
    }

    @Test
    void aPdfWithACardInsideNeverLeavesAndTheTextOnlyOnpremModelIsNotHandedIt() {
        String body = userParts("{\"type\":\"file\",\"file\":{\"filename\":\"invoice.pdf\",\"file_data\":\""
                + Pdfs.dataUri(Pdfs.withText("Invoice 2026-11", "Paid with card " + CARD)) + "\"}}");
        HttpResponse<String> r = chat(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = OpenAiStub.JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("unsupported_input");
        assertThat(error.get("message").asString())
                .contains("file input", "target 'onprem'", "classified restricted", "not sent to an external target")
                .doesNotContain("4111");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).isEmpty();
        assertThat(explain(body).path("refused").asString("")).contains("file input", "target 'onprem'");
    }

    @Test
    void anImageCannotBeInspectedSoItStaysHomeAndIsRefusedWithAReason() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        String body = userParts("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"}}");
        HttpResponse<String> r = chat(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("image input", "gpt-oss-20b", "uninspectable", "targets.onprem.inputs");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("confidential");
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void textThatMerelyStartsLikeAnImageIsReadAndStaysOnprem() {
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"data:image/png;base64,"
                + b64("my card is " + CARD + ", charge it") + "\"}]}";
        HttpResponse<String> r = chat(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).hasSize(1);
    }

    @Test
    void aSpentBase64BudgetFailsClosed() {
        // 64K characters of decodable base64 text first, then the encoded card that the budget no longer covers
        String padding = b64("lorem ipsum dolor sit amet ".repeat(2600));
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + padding + " "
                + b64("card " + CARD) + "\"}]}";
        HttpResponse<String> r = chat(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
        assertThat(explain(body).get("detectors").propertyNames()).containsExactly("budget:base64");
    }

    @Test
    void theCallersQueryStringIsNeverForwarded() {
        String clean = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"rivers of Europe\"}]}";
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions?note=card-4111111111111111&beta=true", GatewayHarness.ALICE_KEY, clean);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        OpenAiStub.Received out = hosted.received().get(hosted.received().size() - 1);
        assertThat(out.query()).isNull();
        assertThat(out.path()).isEqualTo("/v1/chat/completions");
        assertThat(out.headers().toString() + out.body()).doesNotContain("4111111111111111");

        r = gateway.post(
                "/v1/chat/completions?beta=true",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"card " + CARD + "\"}]}");
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(onprem.received().get(0).query()).isNull();
    }
}
