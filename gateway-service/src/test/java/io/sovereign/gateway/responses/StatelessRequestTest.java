package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.conversation.MemoryResponseStore;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Dialect;
import io.sovereign.gateway.request.TargetDialect;
import io.sovereign.gateway.route.ParameterProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a target that speaks the Responses API natively is sent, and that it is classified and redacted like the
 * bridged chat tree: every text only the native body carries (a hosted tool's settings) is in the request's content;
 * a redaction rewrites the native body wherever the value appears.
 */
class StatelessRequestTest {

    final ResponsesFrontEnd frontEnd = new ResponsesFrontEnd(
            new MemoryResponseStore(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1), 100));
    final GatewayPrincipal alice = new GatewayPrincipal(
            "alice", "eng", java.util.Set.of(), java.util.Set.of(), GatewayPrincipal.Method.API_KEY);

    static final TargetDialect NATIVE = new TargetDialect(
            "o3-mini",
            "text-embedding-3-small",
            ParameterProfile.OPENAI_REASONING::apply,
            "max_completion_tokens",
            4096,
            ParameterProfile.OPENAI_REASONING.drop(),
            true);

    CanonicalRequest parse(String body) {
        return frontEnd.parse(body.getBytes(StandardCharsets.UTF_8), alice).join();
    }

    static JsonNode encoded(CanonicalRequest r, TargetDialect t) {
        return Json.node(new String(r.encodeFor(t), StandardCharsets.UTF_8));
    }

    static final String BODY = "{\"model\":\"auto\",\"temperature\":0.2,\"metadata\":{\"k\":\"v\"},"
            + "\"previous_response_id\":null,\"store\":true,\"include\":[\"reasoning.encrypted_content\"],"
            + "\"tools\":[{\"type\":\"web_search\",\"user_location\":{\"type\":\"approximate\",\"city\":\"Lyon\"}}],"
            + "\"input\":[{\"type\":\"message\",\"id\":\"msg_gw1\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
            + "\"text\":\"mail jane@acme.com\"}]},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_2\",\"summary\":[],\"encrypted_content\":\"gAAAAB\"}]}";

    @Test
    void theNativeBodyIsStatelessWithTheTargetsModelCapAndDrops() {
        CanonicalRequest r = parse(BODY);
        assertThat(r.dialectFor(NATIVE)).isEqualTo(Dialect.RESPONSES);
        JsonNode sent = encoded(r, NATIVE);
        assertThat(sent.path("model").asString()).isEqualTo("o3-mini");
        assertThat(sent.path("store").asBoolean(true)).isFalse();
        assertThat(sent.path("max_output_tokens").asLong()).isEqualTo(4096);
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.has("metadata")).isFalse();
        assertThat(sent.has("previous_response_id")).isFalse();
        assertThat(sent.path("tools").get(0).path("type").asString()).isEqualTo("web_search");
        JsonNode input = sent.path("input");
        assertThat(input).hasSize(2); // the reasoning item without encrypted content cannot be replayed statelessly
        assertThat(input.get(0).has("id")).isFalse();
        assertThat(input.get(1).path("id").asString()).isEqualTo("rs_2");
        // the bridged body for a chat-only target, from the same request
        TargetDialect bridged = new TargetDialect(
                "gpt-oss-20b", null, ParameterProfile.OPENAI_COMPATIBLE_LOCAL::apply, "max_tokens", 4096);
        assertThat(r.dialectFor(bridged)).isEqualTo(Dialect.CHAT_COMPLETIONS);
        assertThat(encoded(r, bridged).has("messages")).isTrue();
    }

    @Test
    void whatOnlyTheNativeBodyCarriesIsClassifiedAndARedactionReachesIt() {
        CanonicalRequest r = parse(BODY);
        List<TextSegment> segments = r.content().segments();
        assertThat(segments)
                .filteredOn(s -> s.path().startsWith(StatelessRequest.PREFIX))
                .extracting(TextSegment::text)
                .contains("Lyon", "gAAAAB");
        List<TextSegment> replaced = new ArrayList<>();
        for (TextSegment s : segments) {
            if (s.text().contains("jane@acme.com") || s.text().equals("Lyon")) {
                replaced.add(new TextSegment(
                        s.path(), s.text().replace("jane@acme.com", "[EMAIL_1]").replace("Lyon", "[CITY_1]")));
            }
        }
        CanonicalRequest redacted = r.codec().withTexts(r, replaced);
        String sent = encoded(redacted, NATIVE).toString();
        assertThat(sent).contains("mail [EMAIL_1]", "[CITY_1]").doesNotContain("jane@acme.com", "Lyon");
        assertThat(redacted.body().toString()).contains("[EMAIL_1]").doesNotContain("jane@acme.com");
    }
}
