package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classification part of one policy revision: detector id -> settings, in policy order, and the level of
 * content that cannot be inspected (the policy's {@code classification.uninspectable}). Decoding of base64/hex
 * runs is bounded by {@code maxDecodeDepth} and {@code maxDecodedChars} per request, attachments by
 * {@code maxAttachmentBytes} (decoded) and {@code maxAttachmentChars} (text extracted); a bound that is reached
 * raises the level (see {@link ClassifierBudget}).
 */
public record ClassifierSettings(
        Map<String, DetectorSettings> detectors,
        int maxDecodeDepth,
        int maxDecodedChars,
        Level uninspectableLevel,
        long maxAttachmentBytes,
        int maxAttachmentChars) {
    public static final int DEFAULT_DECODE_DEPTH = 2;
    public static final int DEFAULT_DECODED_CHARS = 65536;
    /** Unknown content stays in the building unless an admin decides otherwise. */
    public static final Level DEFAULT_UNINSPECTABLE = Level.CONFIDENTIAL;
    /** More than a 4 MB body can carry in base64 (3 MB), so only a larger body limit reaches it. */
    public static final long DEFAULT_ATTACHMENT_BYTES = 8L * 1024 * 1024;

    public static final int DEFAULT_ATTACHMENT_CHARS = 2 * 1024 * 1024;

    public ClassifierSettings {
        detectors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detectors));
        if (maxDecodeDepth < 0 || maxDecodedChars < 0 || maxAttachmentBytes < 0 || maxAttachmentChars < 0) {
            throw new IllegalArgumentException("decode bounds must be >= 0");
        }
        java.util.Objects.requireNonNull(uninspectableLevel, "uninspectableLevel");
    }

    public ClassifierSettings(Map<String, DetectorSettings> detectors, int maxDecodeDepth, int maxDecodedChars) {
        this(
                detectors,
                maxDecodeDepth,
                maxDecodedChars,
                DEFAULT_UNINSPECTABLE,
                DEFAULT_ATTACHMENT_BYTES,
                DEFAULT_ATTACHMENT_CHARS);
    }

    public ClassifierSettings(Map<String, DetectorSettings> detectors) {
        this(detectors, DEFAULT_DECODE_DEPTH, DEFAULT_DECODED_CHARS);
    }

    /** These settings with another level for uninspectable content. */
    public ClassifierSettings withUninspectable(Level level) {
        return new ClassifierSettings(
                detectors, maxDecodeDepth, maxDecodedChars, level, maxAttachmentBytes, maxAttachmentChars);
    }

    public static ClassifierSettings of(DetectorSettings... ds) {
        Map<String, DetectorSettings> m = new LinkedHashMap<>();
        for (DetectorSettings d : ds) {
            m.put(d.id(), d);
        }
        return new ClassifierSettings(m);
    }

    /** The detectors of the default policy (ARCHITECTURE.md), with the given codenames. */
    public static ClassifierSettings defaults(List<String> codenames) {
        return of(
                DetectorSettings.builtin(DetectorKind.PAYMENT_CARD, Level.RESTRICTED),
                DetectorSettings.builtin(DetectorKind.NATIONAL_ID, Level.RESTRICTED),
                DetectorSettings.builtin(DetectorKind.SECRET, Level.RESTRICTED),
                DetectorSettings.builtin(DetectorKind.IBAN, Level.CONFIDENTIAL),
                DetectorSettings.builtin(DetectorKind.EMAIL, Level.CONFIDENTIAL),
                DetectorSettings.builtin(DetectorKind.PHONE, Level.CONFIDENTIAL),
                DetectorSettings.builtin(DetectorKind.BANK_ACCOUNT, Level.CONFIDENTIAL),
                DetectorSettings.builtin(DetectorKind.CRYPTO_WALLET, Level.CONFIDENTIAL),
                DetectorSettings.builtin(DetectorKind.NETWORK_ADDRESS, Level.INTERNAL),
                DetectorSettings.dictionary("codenames", Level.CONFIDENTIAL, codenames));
    }

    /** Every violation of every detector, each with its path ({@code detectors.topics.threshold: ...}). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        detectors.forEach((id, d) -> {
            if (ClassifierBudget.reserved(id)) {
                p.add("detectors." + id + ": '" + id + "' is reserved for the gateway's own findings");
            }
            if (!id.equals(d.id())) {
                p.add("detectors." + id + ": id mismatch '" + d.id() + "'");
            }
            d.problems().forEach(msg -> p.add("detectors." + id + "." + msg));
        });
        List<String> models = detectors.values().stream()
                .filter(d -> d.kind() == DetectorKind.SEMANTIC)
                .map(DetectorSettings::modelOrDefault)
                .distinct()
                .toList();
        if (models.size() > 1) {
            p.add("detectors: all semantic detectors must use the same model, got " + String.join(", ", models));
        }
        return p;
    }
}
