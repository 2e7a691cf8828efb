package io.sovereign.gateway.decide;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.Redaction;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.request.CanonicalRequest;
import java.util.Set;

/**
 * The adjudicator's answer for one request: an immutable, auditable record (no prompt text).
 *
 * @param decisionId the id it is audited under (the request id in the pipeline; minted for explain and policy test)
 * @param decision   the rule's decision, held to the ceiling; for a refused redact rule the rule that matched, so it
 *                   is on record; null when the policy refused before any rule applied (ceiling on a pinned model)
 * @param request    the request to send: the redacted one after a redact rule, else the caller's
 * @param redaction  what a redact rule replaced (its restorer puts the values back), or null
 * @param refusal    why nothing is sent (deny rule, the ceiling, an unreadable input, a failed re-classification), or null
 * @param settled    whether {@code decision} is final (reported as a decision), as opposed to only the rule that matched
 */
public record Adjudication(
        String decisionId,
        Decision decision,
        CanonicalRequest request,
        Redaction redaction,
        GatewayError refusal,
        boolean settled) {

    public String policyRevision() {
        return decision == null ? null : decision.revision();
    }

    public String rule() {
        return decision == null ? null : decision.rule();
    }

    public Level level() {
        return decision == null ? null : decision.level();
    }

    public Set<String> detectorIds() {
        return decision == null ? Set.of() : decision.detectors().keySet();
    }

    public Target target() {
        return decision == null ? null : decision.target();
    }

    public Target fallback() {
        return decision == null ? null : decision.fallback();
    }

    /** Values a redact rule replaced (0 without one). */
    public int redactions() {
        return redaction == null ? 0 : redaction.replaced();
    }

    /** Whether the answer must have redacted values put back. */
    public boolean restores() {
        return decision != null && decision.restore() && redactions() > 0;
    }

    @Override
    public String toString() {
        return "Adjudication[" + decisionId + ", rule=" + rule() + ", level="
                + (level() == null ? null : level().wire()) + ", target="
                + (decision == null ? null : decision.targetName()) + ", refused=" + (refusal != null) + "]";
    }
}
