package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.budget.Reservation;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.PromptCounter;

/**
 * What each stage yields, once, in {@link Stage} order: later stages read these (through {@link RequestContext}'s
 * accessors) and never change them. AUTHENTICATE yields the principal itself.
 */
public sealed interface StageResult {

    /** REQUEST_QUOTA: the policy revision the request is decided and settled under, and the user's request quota. */
    record Admitted(Policy policy, QuotaDecision requests) implements StageResult {}

    /** PARSE: the caller's request, as its front-end parsed it. */
    record Parsed(CanonicalRequest request) implements StageResult {}

    /** CLASSIFY: the level and detectors of the caller's request. */
    record Classified(Classification classification) implements StageResult {}

    /** DECIDE: the adjudicator's record, whose request (redacted, after a redact rule) is what is sent. */
    record Decided(Adjudication adjudication) implements StageResult {}

    /**
     * QUOTA: the team's token quota decision (merged with the user's request quota), and how prompt tokens are
     * counted: only when something asks (a token quota, a priced budget reservation, a settlement without usage).
     *
     * @param outputAllowance the output tokens a token quota charges beside the prompt (0 for embeddings)
     */
    record Metered(QuotaDecision quota, PromptCounter counter, long outputAllowance) implements StageResult {}

    /**
     * BUDGET: the reservation, the soft-limit warning for the caller (or null), and the decision a budget downgrade
     * replaced the decided one with (or null).
     */
    record Reserved(Reservation reservation, String budgetWarning, Decision downgraded) implements StageResult {}
}
