package io.sovereign.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.metrics.FailureKind;
import io.sovereign.gateway.metrics.UpstreamObserver;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.StageResult;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The egress guard on every path to a target. The decisions here are built by hand, as a bug upstream of FORWARD
 * would build them (an external fallback for confidential data, an external target for restricted data): the
 * guard must refuse them all the same, and send nothing.
 */
class EgressGuardTest {

    static final String POLICY = """
            version: 1
            targets:
              onprem: { location: onprem, url: "http://gpu:8000/v1", model: gpt-oss-20b, embedding_model: minilm }
              hosted: { location: external, url: "https://api.openai.com/v1", model: o3-mini, api_key: "sk-x", profile: openai-reasoning,
                        price: { input_per_million_usd: 1.10, output_per_million_usd: 4.40 } }
            sovereignty: { external_max_level: internal }
            rules:
              - { name: sensitive, when: { level_at_least: confidential }, route: onprem }
              - { name: rest, route: hosted, fallback: onprem }
            """;

    private final Policy policy = parse();
    private final TargetCircuits circuits = new TargetCircuits(20, 50, Duration.ofSeconds(30));
    private final List<String> sentTo = new ArrayList<>();

    private static Policy parse() {
        try {
            return new PolicyParser(Map.<String, String>of()::get).parse(POLICY.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Target target(String name) {
        return policy.target(name);
    }

    /** Drives FORWARD with a hand-made decision; {@code upstream} answers each attempt that reaches the routing filter. */
    private Mono<Void> forward(
            Target target, Target fallback, Level level, java.util.function.Function<String, Mono<Void>> upstream) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
        RequestContext ctx = RequestContext.attach(exchange, "req-1", null);
        ctx.admitted(new StageResult.Admitted(policy, null));
        CanonicalRequest request = RequestParser.parse(
                Endpoint.CHAT_COMPLETIONS,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        ctx.parsed(new StageResult.Parsed(request));
        Decision decision = new Decision(
                policy.revision(),
                "rest",
                Decision.Kind.ROUTE,
                target,
                fallback,
                target.model(),
                level,
                level == Level.PUBLIC ? Map.of() : Map.of("email", 1),
                null,
                false,
                List.of());
        ctx.decided(new StageResult.Decided(new Adjudication("req-1", decision, request, null, null, true)));
        GatewayFilterChain routingFilter = attempt -> {
            Route route = attempt.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            sentTo.add(route.getId());
            return upstream.apply(route.getId());
        };
        ForwardFilter forward = new ForwardFilter(
                new EgressGuard(new TargetRoutes(Duration.ofSeconds(1), Duration.ofSeconds(1))),
                circuits,
                new UpstreamObserver() {
                    @Override
                    public void failed(Target t, FailureKind kind) {}

                    @Override
                    public void fellBack(Target from, Target to, FailureKind kind) {}
                });
        return forward.filter(exchange, routingFilter);
    }

    private static Mono<Void> ok(String route) {
        return Mono.empty();
    }

    @Test
    void aFailedOnpremTargetNeverFallsBackOutsideForSensitiveData() {
        assertThatThrownBy(() -> forward(
                                target("onprem"),
                                target("hosted"),
                                Level.CONFIDENTIAL,
                                route -> Mono.error(new ConnectException("refused")))
                        .block())
                .isInstanceOf(GatewayError.Unavailable.class)
                .satisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo("onprem_unavailable"))
                .hasMessageContaining("Could not reach target 'onprem'")
                .hasMessageContaining("never sent to an external target");
        assertThat(sentTo).containsExactly("target:onprem");
    }

    @Test
    void anOpenCircuitDoesNotOpenTheWayOut() {
        circuits.of("onprem").transitionToOpenState();
        assertThatThrownBy(() -> forward(target("onprem"), target("hosted"), Level.RESTRICTED, EgressGuardTest::ok)
                        .block())
                .isInstanceOf(GatewayError.Unavailable.class)
                .satisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo("onprem_unavailable"))
                .hasMessageContaining("circuit open");
        assertThat(sentTo).isEmpty();
    }

    @Test
    void anUnavailableTargetDoesNotOpenTheWayOutEither() {
        Target onprem = target("onprem");
        Target gone = new Target(
                "gone",
                onprem.location(),
                onprem.url(),
                onprem.model(),
                onprem.embeddingModel(),
                null,
                onprem.price(),
                onprem.profile(),
                onprem.maxOutputTokens(),
                onprem.maxChoices(),
                "its key is not set",
                onprem.inputs());
        assertThatThrownBy(() -> forward(gone, target("hosted"), Level.CONFIDENTIAL, EgressGuardTest::ok)
                        .block())
                .isInstanceOf(GatewayError.Unavailable.class)
                .satisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo("onprem_unavailable"));
        assertThat(sentTo).isEmpty();
    }

    @Test
    void anExternalTargetForRestrictedDataIsRefusedWhateverDecidedIt() {
        assertThatThrownBy(() -> forward(target("hosted"), target("onprem"), Level.RESTRICTED, EgressGuardTest::ok)
                        .block())
                .isInstanceOf(GatewayError.Forbidden.class)
                .satisfies(e -> assertThat(((GatewayError) e).code()).isEqualTo("sensitive_data_external_model"))
                .hasMessageContaining("external target 'hosted'");
        assertThat(sentTo).isEmpty();
    }

    @Test
    void aBudgetDowngradeToOnpremIsSent() {
        // BudgetFilter's downgrade: the on-prem target, no fallback, the level unchanged
        forward(target("onprem"), null, Level.RESTRICTED, EgressGuardTest::ok).block();
        assertThat(sentTo).containsExactly("target:onprem");
    }

    @Test
    void dataAtOrBelowTheCeilingMayFallBackOutside() {
        forward(
                        target("onprem"),
                        target("hosted"),
                        Level.INTERNAL,
                        route -> route.equals("target:onprem")
                                ? Mono.error(new ConnectException("refused"))
                                : Mono.empty())
                .block();
        assertThat(sentTo).containsExactly("target:onprem", "target:hosted");
    }

    @Test
    void theRuleItselfIsATable() {
        var s = policy.sovereignty();
        for (Level level : Level.values()) {
            boolean mayLeave = level.compareTo(Level.INTERNAL) <= 0;
            for (EgressGuard.Path path : EgressGuard.Path.values()) {
                assertThat(EgressGuard.refusal(s, level, target("onprem"), path, "x"))
                        .isNull();
                assertThat(EgressGuard.refusal(s, level, target("hosted"), path, "x") == null)
                        .isEqualTo(mayLeave);
            }
        }
    }
}
