package io.sovereign.gateway.decide;

import io.sovereign.gateway.classify.Modality;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.Target;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the decided target can read what the request hands it (its {@code inputs}). An image that must stay
 * in the building and a text-only on-prem model means a clear 400, never a send elsewhere and never a model
 * that silently drops what it cannot read.
 */
final class InputCheck {

    private InputCheck() {}

    /** The refusal, or null when the target reads every input kind of the request. */
    static GatewayError refusal(Policy policy, Decision d, Set<Modality> modalities) {
        Target t = d.target();
        if (t == null || d.kind() == Decision.Kind.DENY) {
            return null;
        }
        Set<Modality> unreadable = t.unreadable(modalities);
        if (unreadable.isEmpty()) {
            return null;
        }
        String kinds = unreadable.stream().map(Modality::wire).collect(Collectors.joining(", "));
        String reads = t.inputs().stream().map(Modality::wire).collect(Collectors.joining(", "));
        boolean home = !policy.sovereignty().mayLeave(d.level());
        return new GatewayError.InvalidRequest(
                "This request carries " + kinds + " input, and target '" + t.name()
                        + "' (model " + t.model() + ") reads " + reads + " only."
                        + (home
                                ? " The request is classified " + d.level().wire()
                                        + (d.detectors().isEmpty()
                                                ? ""
                                                : " ("
                                                        + String.join(
                                                                ", ",
                                                                d.detectors().keySet()) + ")")
                                        + ", above what may leave the building ('"
                                        + policy.sovereignty()
                                                .externalMaxLevel()
                                                .wire() + "'), so it is not sent to an external target either."
                                : "")
                        + " Send the content as text, or ask an admin for a target that reads " + kinds
                        + " (targets." + t.name() + ".inputs in the policy).",
                null,
                "unsupported_input");
    }
}
