package io.sovereign.gateway.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of detector a policy can configure: the one list of built-in detector ids (policy.schema.json's
 * {@code classification.detectors.properties} is checked against it by a test). Built-in kinds have a fixed id; a dictionary detector may take
 * any id if it has {@code terms}, a semantic one any id if it has {@code examples}.
 */
public enum DetectorKind {
    PAYMENT_CARD("payment-card"),
    NATIONAL_ID("national-id"),
    SECRET("secret"),
    IBAN("iban"),
    EMAIL("email"),
    PHONE("phone"),
    BANK_ACCOUNT("bank-account"),
    CRYPTO_WALLET("crypto-wallet"),
    NETWORK_ADDRESS("network-address"),
    DICTIONARY(null),
    SEMANTIC(null);

    private final String builtinId;

    DetectorKind(String builtinId) {
        this.builtinId = builtinId;
    }

    /** The fixed id of a built-in detector, or empty for dictionary/semantic detectors. */
    public Optional<String> builtinId() {
        return Optional.ofNullable(builtinId);
    }

    /** Ids of the built-in (pattern and secret) detectors, in declaration order. */
    public static final List<String> BUILTIN_IDS = Arrays.stream(values())
            .map(k -> k.builtinId)
            .filter(id -> id != null)
            .toList();

    /**
     * Resolves the kind of a configured detector: a built-in id, or a dictionary (has terms), or a semantic
     * detector (has examples). Empty when it is none of these.
     */
    public static Optional<DetectorKind> resolve(String id, boolean hasTerms, boolean hasExamples) {
        for (DetectorKind k : values()) {
            if (k.builtinId != null && k.builtinId.equals(id)) {
                return Optional.of(k);
            }
        }
        if (hasTerms && !hasExamples) {
            return Optional.of(DICTIONARY);
        }
        if (hasExamples && !hasTerms) {
            return Optional.of(SEMANTIC);
        }
        return Optional.empty();
    }
}
