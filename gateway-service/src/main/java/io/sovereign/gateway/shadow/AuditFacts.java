package io.sovereign.gateway.shadow;

import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Modality;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit line's decision facts that {@code policy diff} replays, and the shadow's fields, by name: the RECORD stage
 * writes them through here and {@link Replay} reads them back, so the two cannot drift apart. Facts only (levels,
 * detector ids and counts, who, which model, tokens), never prompt text. The rest of what the replay reads is on
 * every audit line already: {@code user}, {@code team}, {@code auth}, {@code endpoint}, {@code requested_model},
 * {@code rule}, {@code level}, {@code detectors}, {@code policy_revision}, {@code input_tokens},
 * {@code output_tokens}, {@code cost_micro_usd}.
 */
public final class AuditFacts {

    public static final String GROUPS = "groups";
    public static final String ROLES = "roles";
    /** The input kinds the request hands the model (text, image, audio, file). */
    public static final String INPUTS = "inputs";
    /** The level classification gave (before a redact rule's redaction; {@code level} is the decision's). */
    public static final String CLASSIFIED_LEVEL = "classified_level";
    /** {@link PolicyClassifiers#fingerprint} of the live policy: whose detectors the recorded ones are. */
    public static final String CLASSIFIER_REVISION = "classifier_revision";
    /** The adjudicator's target (before a fallback or a budget downgrade; {@code target} is who served). */
    public static final String DECIDED_TARGET = "decided_target";

    public static final String DECIDED_FALLBACK = "decided_fallback";
    /** route, redact, deny or refuse ({@link ShadowSide}). */
    public static final String DECIDED_ACTION = "decided_action";

    public static final String CACHED_INPUT_TOKENS = "cached_input_tokens";
    /** Counted prompt tokens of a request that got no usage (refused, or failed before an answer). */
    public static final String PROMPT_TOKENS = "prompt_tokens";

    public static final String SHADOW_REVISION = "shadow_revision";
    public static final String SHADOW_RULE = "shadow_rule";
    public static final String SHADOW_TARGET = "shadow_target";
    public static final String SHADOW_FALLBACK = "shadow_fallback";
    public static final String SHADOW_ACTION = "shadow_action";
    public static final String SHADOW_LEVEL = "shadow_level";
    public static final String SHADOW_DIFFERS = "shadow_differs";
    /** Only when the candidate classified the request itself (its detectors differ from the live ones). */
    public static final String SHADOW_CLASSIFIED_LEVEL = "shadow_classified_level";

    public static final String SHADOW_DETECTORS = "shadow_detectors";
    public static final String SHADOW_CLASSIFIER_REVISION = "shadow_classifier_revision";
    /** The comparison was dropped (the shadow queue was full) or did not finish in time. */
    public static final String SHADOW_DROPPED = "shadow_dropped";

    private AuditFacts() {}

    /** What classification concluded, and under whose detectors. */
    public static void writeClassification(ObjectNode line, Classification c, Policy live) {
        line.put(CLASSIFIED_LEVEL, c.level().wire());
        line.put(CLASSIFIER_REVISION, PolicyClassifiers.fingerprint(live));
        ArrayNode inputs = line.putArray(INPUTS);
        for (Modality m : c.modalities()) {
            inputs.add(m.wire());
        }
    }

    /** The adjudicator's verdict beside {@code rule} and {@code level}. */
    public static void writeDecided(ObjectNode line, ShadowSide live) {
        line.put(DECIDED_ACTION, live.action());
        if (live.target() != null) {
            line.put(DECIDED_TARGET, live.target());
        }
        if (live.fallback() != null) {
            line.put(DECIDED_FALLBACK, live.fallback());
        }
    }

    public static void writeShadow(ObjectNode line, Shadow.Outcome o) {
        ShadowSide s = o.candidate();
        line.put(SHADOW_REVISION, o.candidateRevision());
        line.put(SHADOW_RULE, s.rule());
        line.put(SHADOW_TARGET, s.target());
        line.put(SHADOW_FALLBACK, s.fallback());
        line.put(SHADOW_ACTION, s.action());
        line.put(SHADOW_LEVEL, s.level());
        line.put(SHADOW_DIFFERS, o.differs());
        if (o.reclassified() != null) {
            line.put(SHADOW_CLASSIFIED_LEVEL, o.reclassified().level().wire());
            line.putPOJO(SHADOW_DETECTORS, o.reclassified().detectorCounts());
            line.put(SHADOW_CLASSIFIER_REVISION, o.candidateClassifier());
        }
    }
}
