package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.conversation.MemoryResponseStore;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Dialect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The Responses front-end's canonical request: the bridged chat tree (what leaves) plus the caller's metadata (which
 * does not, but is classified); redaction rewrites the sent texts and keeps the turn; the conversation it would store;
 * an unknown {@code previous_response_id} is an OpenAI-shaped 404.
 */
class ResponsesFrontEndTest {

    final MemoryResponseStore store =
            new MemoryResponseStore(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1), 100);
    final GatewayPrincipal alice = new GatewayPrincipal(
            "alice", "eng", java.util.Set.of(), java.util.Set.of(), GatewayPrincipal.Method.API_KEY);
    final ResponsesFrontEnd frontEnd = new ResponsesFrontEnd(store);

    CanonicalRequest parse(String body) {
        return frontEnd.parse(body.getBytes(StandardCharsets.UTF_8), alice).join();
    }

    @Test
    void theChatTreeLeavesAndTheMetadataIsClassifiedBesideIt() {
        CanonicalRequest r =
                parse("{\"model\":\"auto\",\"instructions\":\"Be brief.\",\"input\":\"Hi\",\"max_output_tokens\":64,"
                        + "\"metadata\":{\"ticket\":\"NIGHTJAR-7\"}}");
        assertThat(r.api()).isEqualTo(Api.RESPONSES);
        assertThat(r.dialect()).isEqualTo(Dialect.CHAT_COMPLETIONS);
        assertThat(r.maxOutputTokens()).isEqualTo(64L);
        assertThat(r.body().has("metadata")).isFalse();
        assertThat(r.body().path("messages").toString()).contains("Be brief.", "Hi");
        assertThat(r.content().segments()).extracting(TextSegment::text).contains("Be brief.", "Hi", "NIGHTJAR-7");
        ResponsesTurn turn = (ResponsesTurn) r.codec();
        assertThat(turn.conversation()).hasSize(1);
        assertThat(turn.conversation().get(0).toString()).contains("Hi");
        assertThat(turn.owner()).isNotNull();
    }

    @Test
    void redactionRewritesTheSentTextsAndKeepsTheTurn() {
        CanonicalRequest r =
                parse("{\"model\":\"auto\",\"input\":\"mail jane@acme.com\",\"metadata\":{\"k\":\"jane@acme.com\"}}");
        List<TextSegment> replaced = new ArrayList<>();
        for (TextSegment s : r.content().segments()) {
            if (s.text().contains("jane@acme.com")) {
                replaced.add(new TextSegment(s.path(), s.text().replace("jane@acme.com", "<EMAIL_1>")));
            }
        }
        assertThat(replaced).hasSize(2);
        CanonicalRequest redacted = r.codec().withTexts(r, replaced);
        assertThat(redacted.body().toString()).contains("<EMAIL_1>").doesNotContain("jane@acme.com");
        // the same turn (its id, conversation, owner), whose native Responses body is redacted as the chat tree is
        ResponsesTurn before = (ResponsesTurn) r.codec();
        ResponsesTurn after = (ResponsesTurn) redacted.codec();
        assertThat(after.responseId()).isEqualTo(before.responseId());
        assertThat(after.conversation()).isEqualTo(before.conversation());
        assertThat(after.owner()).isEqualTo(before.owner());
        assertThat(before.stateless().toString()).contains("jane@acme.com");
        assertThat(after.stateless().toString()).contains("<EMAIL_1>").doesNotContain("jane@acme.com");
        assertThat(redacted.api()).isEqualTo(Api.RESPONSES);
        assertThat(redacted.content().segments())
                .extracting(TextSegment::text)
                .contains("jane@acme.com"); // the kept metadata
    }

    @Test
    void storeFalseKeepsNoOwner() {
        ResponsesTurn turn = (ResponsesTurn)
                parse("{\"model\":\"auto\",\"input\":\"Hi\",\"store\":false}").codec();
        assertThat(turn.owner()).isNull();
    }

    @Test
    void anUnknownPreviousResponseIsA404NamingTheParameter() {
        assertThatThrownBy(
                        () -> parse("{\"model\":\"auto\",\"input\":\"Hi\",\"previous_response_id\":\"resp_unknown\"}"))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(GatewayError.NotFound.class, e -> {
                    assertThat(e.param()).isEqualTo("previous_response_id");
                    assertThat(e.getMessage()).isEqualTo("Previous response with id 'resp_unknown' not found.");
                });
    }

    @Test
    void aBadRequestIsAnInvalidRequestWithItsParameter() {
        assertThatThrownBy(() -> parse("{\"model\":\"auto\",\"input\":42}"))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(GatewayError.InvalidRequest.class, e -> assertThat(e.param())
                        .isEqualTo("input"));
    }
}
