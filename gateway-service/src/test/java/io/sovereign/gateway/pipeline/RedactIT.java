package io.sovereign.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A redact rule: values are replaced before they leave, restored in the answer, and what redaction cannot remove stays home. */
@GatewayTest(policy = "redact-emails.yaml", echo = true)
class RedactIT {

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

    static String chat(String content, boolean stream) {
        return "{\"model\":\"auto\"" + (stream ? ",\"stream\":true" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @Test
    void valuesAreReplacedBeforeLeavingAndRestoredInTheAnswer() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                chat("Mail jane.doe@acme-corp.com and jane.doe@acme-corp.com again", false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(r.headers().firstValue("x-gateway-rule")).contains("emails-redacted");
        String sent = hosted.received().get(0).body().toString();
        assertThat(sent).doesNotContain("jane.doe").contains("[EMAIL_1] and [EMAIL_1] again");
        assertThat(r.body()).contains("You said: Mail jane.doe@acme-corp.com and jane.doe@acme-corp.com again");
    }

    @Test
    void streamedAnswersAreRestoredAcrossChunkBoundaries() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions", GatewayHarness.ALICE_KEY, chat("Call me at +44 20 7946 0958 today", true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(hosted.received().get(0).body().toString())
                .doesNotContain("7946")
                .contains("[PHONE_1]");
        StringBuilder text = new StringBuilder();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) {
                OpenAiStub.JSON
                        .readTree(line.substring(6))
                        .path("choices")
                        .forEach(
                                c -> text.append(c.path("delta").path("content").asString("")));
            }
        }
        assertThat(text.toString()).isEqualTo("You said: Call me at +44 20 7946 0958 today");
        assertThat(r.body()).doesNotContain("[PHONE_1]");
    }

    @Test
    void whatRedactionCannotRemoveNeverLeaves() {
        // the card number exists only inside the base64 run: its span cannot be replaced, so it is found again
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                chat(
                        "Mail jane.doe@acme-corp.com this blob: %s"
                                .formatted("bXkgY2FyZCBudW1iZXIgaXMgNDExMSAxMTExIDExMTEgMTExMSB0aGFua3M="),
                        false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void aCodenameIsRedactedLikeAnyOtherValue() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                chat("Send the NIGHTJAR plan to jane.doe@acme-corp.com", false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(hosted.received())
                .allSatisfy(got -> assertThat(got.body().toString()).doesNotContainIgnoringCase("nightjar"));
        assertThat(onprem.received().size() + hosted.received().size()).isEqualTo(1);
    }
}
