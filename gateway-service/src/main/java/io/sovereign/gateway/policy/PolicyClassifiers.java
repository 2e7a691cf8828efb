package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.classify.ClassifierSettings;
import java.util.function.Function;

/** One classifier per policy revision, built when a revision is first used and kept while it is live. */
public final class PolicyClassifiers implements Function<Policy, Classifier> {

    private volatile Policy builtFor;
    private volatile Classifier classifier;

    @Override
    public Classifier apply(Policy policy) {
        if (policy != builtFor) {
            synchronized (this) {
                if (policy != builtFor) {
                    classifier = new Classifier(settings(policy));
                    builtFor = policy;
                }
            }
        }
        return classifier;
    }

    static ClassifierSettings settings(Policy policy) {
        return new ClassifierSettings(policy.detectors()).withUninspectable(policy.uninspectableLevel());
    }

    /**
     * A short hash of everything classification depends on in a policy (its detectors, the level of what cannot be
     * inspected, and, with semantic topics, the level at which they are skipped): two policies with the same
     * fingerprint classify every request alike, so the shadow classifies once and the replay trusts recorded facts.
     */
    public static String fingerprint(Policy policy) {
        for (int i = 0; i < FINGERPRINTS.length(); i++) {
            Memo m = FINGERPRINTS.get(i);
            if (m != null && m.policy() == policy) {
                return m.fingerprint();
            }
        }
        String computed = computeFingerprint(policy);
        FINGERPRINTS.set(Math.floorMod(NEXT_SLOT.getAndIncrement(), FINGERPRINTS.length()), new Memo(policy, computed));
        return computed;
    }

    /**
     * The last few policies' fingerprints, found by identity without a lock (every audit line asks for the live
     * one); a few revisions are in use at a time (the live one, the candidate, one just replaced).
     */
    private record Memo(Policy policy, String fingerprint) {}

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Memo> FINGERPRINTS =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(4);
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_SLOT =
            new java.util.concurrent.atomic.AtomicInteger();

    private static String computeFingerprint(Policy policy) {
        StringBuilder canonical = new StringBuilder();
        new java.util.TreeMap<>(policy.detectors())
                .forEach((id, d) -> canonical.append(id).append('=').append(d).append('\n'));
        canonical.append("uninspectable=").append(policy.uninspectableLevel().wire());
        if (policy.detectors().values().stream()
                .anyMatch(d -> d.kind() == io.sovereign.gateway.classify.DetectorKind.SEMANTIC)) {
            canonical
                    .append("\nskip-semantic-at=")
                    .append(policy.sovereignty().firstLevelKeptHome().wire());
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
