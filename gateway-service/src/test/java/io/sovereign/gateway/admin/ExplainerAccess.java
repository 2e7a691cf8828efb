package io.sovereign.gateway.admin;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.pipeline.OffLoop;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.request.Endpoint;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** The explain endpoint's and the command line's ways into {@link Explainer}, for tests of other packages. */
public final class ExplainerAccess {

    private ExplainerAccess() {}

    public static ObjectNode viaEndpoint(OffLoop offLoop, Policy policy, byte[] body, GatewayPrincipal as) {
        return new Explainer(offLoop)
                .explain(policy, Endpoint.CHAT_COMPLETIONS, body, as)
                .block(Duration.ofSeconds(10));
    }

    public static ObjectNode viaCommandLine(Adjudicator adjudicator, Policy policy, byte[] body, GatewayPrincipal as) {
        return new Explainer(adjudicator).explainNow(policy, Endpoint.CHAT_COMPLETIONS, body, as);
    }
}
