package io.sovereign.gateway.messages;

import java.util.List;

import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.openai.OpenAiCodec;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.BodyCodec;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.TargetDialect;

/**
 * The codec of a bridged Messages request: its tree is chat completions, so encoding and redaction are
 * {@link OpenAiCodec#CHAT}'s; it also carries what the Anthropic reply must look like ({@link ReplyOptions}),
 * which survives redaction because a rebuilt request keeps its codec.
 */
public record MessagesCodec(ReplyOptions reply) implements BodyCodec {

    @Override
    public byte[] encode(CanonicalRequest request, TargetDialect target) {
        return OpenAiCodec.CHAT.encode(request, target);
    }

    @Override
    public CanonicalRequest withTexts(CanonicalRequest request, List<TextSegment> replaced) {
        return OpenAiCodec.CHAT.withTexts(request, replaced);
    }

    /** {@code chat} as a Messages request with this codec. */
    static CanonicalRequest rebuild(CanonicalRequest chat, MessagesCodec codec) {
        return new CanonicalRequest(Api.MESSAGES, chat.model(), chat.dialect(), chat.body(), codec, chat.content(),
                chat.tools(), chat.maxOutputTokens(), chat.choices(), chat.stream(), chat.includeUsage(), chat.items(), null);
    }
}
