package io.sovereign.gateway.admin;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.OffLoop;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.request.FrontEnd;
import java.util.Locale;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * "Why did my request go there?": parses a request and asks the pipeline's adjudicator, nothing forwarded. Used by
 * {@code POST /admin/policy/explain} (classified where and under the deadline the pipeline would classify it) and
 * by {@code policy test} (on its own thread, under the same deadline).
 */
public final class Explainer {

    private final Adjudicator adjudicator;
    private final OffLoop offLoop;

    /** For the explain endpoint: the pipeline's adjudicator, scheduler and offload threshold. */
    public Explainer(OffLoop offLoop) {
        this.adjudicator = offLoop.adjudicator();
        this.offLoop = offLoop;
    }

    /** For callers without an event loop (the command line): everything runs on the calling thread. */
    public Explainer(Adjudicator adjudicator) {
        this.adjudicator = adjudicator;
        this.offLoop = null;
    }

    /** The decision record, classified and decided as the pipeline would (off the event loop where it would be). */
    public Mono<ObjectNode> explain(Policy policy, Endpoint endpoint, byte[] body, GatewayPrincipal as) {
        if (offLoop == null) {
            return Mono.fromCallable(() -> explainNow(policy, endpoint, body, as));
        }
        return Mono.fromCallable(() -> RequestParser.parse(endpoint, body))
                .flatMap(request -> offLoop.classify(policy, request)
                        .flatMap(c -> offLoop.decide(newId(), as, request, c, policy)
                                .map(a -> render(policy, endpoint, request, as, c, a))));
    }

    /**
     * The same for a body of any API the gateway serves, parsed by that API's own front-end (a Responses body with
     * {@code previous_response_id} is read with the history {@code as} may see), classified and decided as the
     * pipeline would.
     */
    public Mono<ObjectNode> explain(Policy policy, FrontEnd front, byte[] body, GatewayPrincipal as) {
        return Mono.defer(() -> Mono.fromFuture(front.parse(body, as))).flatMap(request -> {
            Endpoint endpoint = Endpoint.of(request.dialect());
            Mono<Classification> classified = offLoop != null
                    ? offLoop.classify(policy, request)
                    : Mono.fromCallable(() -> adjudicator.classify(
                            policy,
                            request,
                            System.nanoTime() + adjudicator.deadline().toNanos()));
            return classified.flatMap(c -> (offLoop != null
                            ? offLoop.decide(newId(), as, request, c, policy)
                            : Mono.fromCallable(() -> adjudicator.decide(newId(), as, request, c, policy)))
                    .map(a -> render(policy, endpoint, request, as, c, a)
                            .put("api", request.api().id())));
        });
    }

    /** The decision record, on the calling thread under the classification deadline. */
    public ObjectNode explainNow(Policy policy, Endpoint endpoint, byte[] body, GatewayPrincipal as) {
        CanonicalRequest request = RequestParser.parse(endpoint, body);
        Classification c = adjudicator.classify(
                policy, request, System.nanoTime() + adjudicator.deadline().toNanos());
        return render(policy, endpoint, request, as, c, adjudicator.decide(newId(), as, request, c, policy));
    }

    private static String newId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
    }

    /** The decision, or a refusal (the policy's deny or the sovereignty guard), as one record. */
    static ObjectNode render(
            Policy policy,
            Endpoint endpoint,
            CanonicalRequest request,
            GatewayPrincipal as,
            Classification c,
            Adjudication a) {
        ObjectNode out = RequestParser.JSON.createObjectNode();
        out.put("decision_id", a.decisionId());
        out.put("policy_revision", policy.revision());
        out.put("endpoint", endpoint.id());
        out.put("requested_model", request.model());
        io.sovereign.gateway.policy.ModelCatalog.Resolution alias =
                io.sovereign.gateway.policy.ModelCatalog.resolve(policy, endpoint, request.model());
        if (alias.aliased()) {
            out.putObject("model_alias").put("pattern", alias.alias().pattern()).put("resolves_to", alias.model());
        }
        out.put("user", as.user());
        out.put("team", as.team());
        out.put("level", c.level().wire());
        ObjectNode detectors = out.putObject("detectors");
        c.detectorCounts().forEach(detectors::put);
        topicMatches(c, out);
        out.put("classifier_timed_out", c.timedOut());
        if (!a.settled()) {
            if (!(a.refusal() instanceof GatewayError.Forbidden)) {
                throw a.refusal(); // e.g. the redacted request could not be classified again: the caller's 503 too
            }
            out.put("action", "deny");
            out.put("message", a.refusal().getMessage());
            return out;
        }
        Decision d = a.decision();
        if (a.redaction() != null) {
            out.put("level_after_redaction", d.level().wire());
        }
        out.put("rule", d.rule());
        out.put("action", d.kind().name().toLowerCase(Locale.ROOT));
        if (d.kind() == Decision.Kind.DENY) {
            out.put("message", d.denyMessage());
        } else {
            out.put("target", d.targetName());
            out.put("target_location", d.target().location().id());
            out.put("upstream_model", d.upstreamModel());
            out.put("fallback", d.fallback() == null ? null : d.fallback().name());
            if (!d.target().available()) {
                out.put("target_unavailable", d.target().unavailableReason());
            }
            if (a.refusal() != null) {
                out.put("refused", a.refusal().getMessage()); // what the caller would get: a 400, nothing sent
            }
        }
        d.notes().forEach(out.putArray("notes")::add);
        return out;
    }

    /** Per semantic topic, the best-scoring example it matched and the score, so an admin can tune its threshold. */
    private static void topicMatches(Classification c, ObjectNode out) {
        ObjectNode topics = null;
        for (io.sovereign.gateway.classify.Finding f : c.findings()) {
            if (Double.isNaN(f.score()) || f.example() == null) {
                continue;
            }
            topics = topics == null ? out.putObject("topics") : topics;
            ObjectNode best = topics.get(f.detectorId()) instanceof ObjectNode o ? o : null;
            if (best == null || best.path("score").asDouble() < f.score()) {
                topics.putObject(f.detectorId())
                        .put("score", Math.round(f.score() * 1000) / 1000.0)
                        .put("example", f.example());
            }
        }
    }
}
