package io.sovereign.gateway.classify;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything of one request body that would leave the building, as {@link RequestText} found it in one walk:
 * the texts (values and keys), the inline attachments still to decode, and the input kinds the content parts
 * hand the model. Cheap to build (no decoding); the classifier does the costly part.
 */
public record RequestContent(List<TextSegment> segments, List<Attachment> attachments, Set<Modality> modalities) {

    public RequestContent {
        segments = List.copyOf(segments);
        attachments = List.copyOf(attachments);
        modalities = Collections.unmodifiableSet(
                modalities.isEmpty() ? EnumSet.noneOf(Modality.class) : EnumSet.copyOf(modalities));
    }

    /** Text only (no attachments, text input), e.g. for tests and callers that have plain strings. */
    public static RequestContent of(List<TextSegment> segments) {
        return new RequestContent(segments, List.of(), EnumSet.of(Modality.TEXT));
    }

    /** Characters to classify: the size that decides whether classification leaves the event loop. */
    public long chars() {
        long n = 0;
        for (TextSegment s : segments) {
            n += s.text().length();
        }
        for (Attachment a : attachments) {
            n += a.payloadChars();
        }
        return n;
    }
}
