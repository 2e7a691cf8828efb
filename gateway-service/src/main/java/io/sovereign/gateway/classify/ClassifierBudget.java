package io.sovereign.gateway.classify;

import java.util.Locale;

/**
 * The bounds on classification work. When one is reached, what lies beyond it was not inspected, so the level
 * is raised to RESTRICTED (fail closed) and the finding's detector id names the bound ({@code budget:base64}),
 * in the audit line, the explain answer and the metrics alike. {@link #UNINSPECTABLE} is the detector id of
 * content that cannot be inspected at all (images, audio, archives), at the policy's level.
 */
public enum ClassifierBudget {
    /** {@code maxDecodedChars}: text decoded from base64/hex runs. */
    BASE64,
    /** {@code maxDecodeDepth}: an encoding nested deeper than the classifier decodes. */
    DECODE_DEPTH,
    /** {@code maxAttachmentBytes}/{@code maxAttachmentChars}: decoded attachments and the text taken from them. */
    ATTACHMENT,
    /** A semantic topic detector's tokens or time limit. */
    SEMANTIC,
    /** The classification deadline ({@code gateway.classifier.deadline}). */
    DEADLINE;

    public static final String UNINSPECTABLE = "uninspectable";
    public static final String PREFIX = "budget:";

    /** e.g. {@code budget:base64}, {@code budget:decode-depth}. */
    public String id() {
        return PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Ids the classifier reports on its own: a policy cannot name a detector so, but its rules may match them. */
    public static boolean reserved(String id) {
        return UNINSPECTABLE.equals(id) || id.startsWith(PREFIX) || id.startsWith("classifier-");
    }
}
