package io.sovereign.gateway.messages;

import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.openai.OpenAiCodec;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.BodyCodec;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.TargetDialect;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The codec of a bridged Messages request: its tree is chat completions, so encoding and redaction are
 * {@link OpenAiCodec#CHAT}'s; it also carries what the Anthropic reply must look like ({@link ReplyOptions}),
 * which survives redaction because a rebuilt request keeps its codec.
 *
 * <p>Output cap: Anthropic's {@code max_tokens} is required, and Claude Code sends 32,000 to 128,000 as a ceiling,
 * not as an expectation. Reserved as asked, one such request would hold most of a team's default tokens-per-minute
 * quota while in flight, and an on-prem server whose context is smaller than prompt + cap refuses it outright. So
 * the canonical request carries no cap of its own (the budgets and the quota reserve the decided target's
 * {@code max_output_tokens}), and the target is sent the smaller of the caller's {@code max_tokens} and that cap:
 * what is reserved is what the target may generate, and an answer cut there ends with {@code stop_reason: max_tokens}.
 */
public record MessagesCodec(ReplyOptions reply) implements BodyCodec {

    @Override
    public byte[] encode(CanonicalRequest request, TargetDialect target) {
        long cap =
                Math.min(request.body().path("max_tokens").asLong(target.maxOutputTokens()), target.maxOutputTokens());
        ObjectNode body = request.body().deepCopy();
        body.put("max_tokens", cap); // the target's profile renames it (max_completion_tokens) where it must
        CanonicalRequest capped = new CanonicalRequest(
                request.api(),
                request.model(),
                request.dialect(),
                body,
                this,
                request.content(),
                request.tools(),
                cap,
                request.choices(),
                request.stream(),
                request.includeUsage(),
                request.items(),
                request.tokens());
        return OpenAiCodec.CHAT.encode(capped, target);
    }

    @Override
    public CanonicalRequest withTexts(CanonicalRequest request, List<TextSegment> replaced) {
        return rebuild(OpenAiCodec.CHAT.withTexts(request, replaced), this);
    }

    /** {@code chat} as a Messages request with this codec; the output cap is the target's (see above). */
    static CanonicalRequest rebuild(CanonicalRequest chat, MessagesCodec codec) {
        return new CanonicalRequest(
                Api.MESSAGES,
                chat.model(),
                chat.dialect(),
                chat.body(),
                codec,
                chat.content(),
                chat.tools(),
                null,
                chat.choices(),
                chat.stream(),
                chat.includeUsage(),
                chat.items(),
                null);
    }
}
