package io.sovereign.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.admin.AdminAudit;
import io.sovereign.gateway.admin.AdminHandlers;
import io.sovereign.gateway.admin.Explainer;
import io.sovereign.gateway.admin.SpendHandler;
import io.sovereign.gateway.auth.AccessMode;
import io.sovereign.gateway.auth.ApiKeyStore;
import io.sovereign.gateway.auth.Authenticator;
import io.sovereign.gateway.auth.DeniedCallListener;
import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.metrics.GatewayMetrics;
import io.sovereign.gateway.openai.ModelsHandler;
import io.sovereign.gateway.pipeline.AuthenticateFilter;
import io.sovereign.gateway.pipeline.BudgetFilter;
import io.sovereign.gateway.pipeline.ClassifierProperties;
import io.sovereign.gateway.pipeline.ClassifyFilter;
import io.sovereign.gateway.pipeline.DecideFilter;
import io.sovereign.gateway.pipeline.ParseFilter;
import io.sovereign.gateway.pipeline.PipelineEntryFilter;
import io.sovereign.gateway.pipeline.QuotaFilter;
import io.sovereign.gateway.pipeline.RequestRateFilter;
import io.sovereign.gateway.pipeline.RequestRecorder;
import io.sovereign.gateway.pipeline.Settler;
import io.sovereign.gateway.policy.CandidateHolder;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.policy.PolicyException;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.policy.PolicyParser;
import io.sovereign.gateway.quota.QuotaService;
import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.shadow.Shadow;
import io.sovereign.gateway.store.StoreProperties;
import io.sovereign.gateway.stream.ResponseStreamFilter;
import io.sovereign.gateway.upstream.ForwardFilter;
import io.sovereign.gateway.upstream.TargetCircuits;
import io.sovereign.gateway.upstream.TargetRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Wires the pipeline: the policy, the stage filters in their declared order, and the gateway's own endpoints. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GatewayProperties.class, ClassifierProperties.class})
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    /** Unknown {@code gateway.*} keys are a startup error; static, so it runs before any settings bean is built. */
    @Bean
    static StrictSettings strictSettings() {
        return new StrictSettings();
    }

    @Bean(destroyMethod = "close")
    PolicyHolder policyHolder(GatewayProperties props) throws IOException {
        var file = props.policies().file();
        if (!Files.isRegularFile(file)) {
            throw new StartupException(
                    "policy file " + file.toAbsolutePath() + " does not exist (set gateway.policies.file)");
        }
        PolicyHolder holder;
        try {
            holder = new PolicyHolder(file, new PolicyParser(System::getenv));
        } catch (PolicyException e) {
            throw new StartupException("policy file " + file + " is invalid: " + e.getMessage());
        }
        if (props.policies().watch()) {
            holder.watch();
        }
        return holder;
    }

    @Bean
    GatewayMetrics gatewayMetrics(
            MeterRegistry registry, PolicyHolder policies, ApiKeyStore keys, TargetCircuits circuits) {
        GatewayMetrics metrics = new GatewayMetrics(registry, policies, circuits::closedOrTrying);
        metrics.policyRevision(policies.current());
        metrics.preregister(policies.current(), keys.teams());
        policies.addReloadListener(result -> {
            metrics.policyReload(result);
            metrics.preregister(policies.current(), keys.teams());
        });
        return metrics;
    }

    @Bean
    ApiKeyStore apiKeyStore(GatewayProperties props, StoreProperties store) throws IOException {
        Path keysFile = props.auth().apiKeysFile();
        AccessMode mode;
        try {
            mode = AccessMode.decide(
                    props.devMode(),
                    keysFile,
                    props.auth().oidc().enabled(),
                    store.type() == StoreProperties.Type.REDIS);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        if (mode == AccessMode.DEV_KEY) {
            String key = ApiKeyStore.newKey();
            GatewayProperties.Oidc roles = props.auth().oidc();
            // printed once on the console, never logged: the embedded dev mode's only key
            System.out.println("\n  Dev mode (gateway.dev-mode=true). Your API key for this run (shown once):\n\n    "
                    + key + "\n");
            log.warn("embedded dev mode: one dev API key with all roles was minted for this run; never use dev mode "
                    + "for a shared deployment");
            return ApiKeyStore.devKey(key, Set.of(roles.userRole(), roles.adminRole(), roles.financeRole()));
        }
        if (keysFile == null) {
            log.info("no gateway.auth.api-keys-file: only Keycloak JWTs are accepted");
            return ApiKeyStore.none();
        }
        if (!Files.isRegularFile(keysFile)) {
            throw new StartupException(
                    "API keys file " + keysFile.toAbsolutePath() + " does not exist (gateway.auth.api-keys-file)");
        }
        try {
            return ApiKeyStore.fromFile(keysFile);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }

    /** Admin calls refused for a missing role leave an audit line too. */
    @Bean
    DeniedCallListener adminDeniedAudit() {
        return AdminAudit::denied;
    }

    @Bean
    RequestRecorder requestRecorder(
            GatewayMetrics metrics, io.sovereign.gateway.decisions.DecisionLog decisions, Shadow shadow) {
        return new RequestRecorder(metrics, decisions, shadow);
    }

    /**
     * The candidate policy in shadow ({@code gateway.policies.candidate-file}), with its own classifier cache so the
     * live one is never rebuilt for it, and the pipeline's classifier deadline.
     */
    @Bean(destroyMethod = "close")
    Shadow shadow(
            GatewayProperties props,
            PolicyHolder policies,
            ClassifierProperties classifier,
            TokenCounter tokens,
            GatewayMetrics metrics)
            throws IOException {
        Path file = props.policies().candidateFile();
        CandidateHolder candidates = null;
        if (file != null) {
            candidates = new CandidateHolder(file, new PolicyParser(System::getenv), policies.history());
            if (props.policies().watch()) {
                candidates.watch();
            }
        }
        PolicyClassifiers shadowClassifiers = new PolicyClassifiers();
        var adjudicator = new io.sovereign.gateway.decide.Adjudicator(
                p -> io.sovereign.gateway.decide.Classifying.of(shadowClassifiers.apply(p)), classifier.deadline());
        return new Shadow(candidates, adjudicator, tokens, metrics, Shadow.DEFAULT_QUEUE);
    }

    @Bean
    PipelineEntryFilter pipelineEntryFilter(RequestRecorder recorder, GatewayProperties props) {
        return new PipelineEntryFilter(recorder, props.limits().maxBodySize().toBytes());
    }

    @Bean
    AuthenticateFilter authenticateFilter(
            Authenticator authenticator,
            GatewayProperties props,
            org.springframework.beans.factory.ObjectProvider<DeniedCallListener> deniedListeners) {
        return new AuthenticateFilter(
                authenticator, props.auth().oidc().userRole(), (method, path, query, caller, status) -> deniedListeners
                        .orderedStream()
                        .forEach(l -> l.denied(method, path, query, caller, status)));
    }

    @Bean
    ParseFilter parseFilter(GatewayProperties props, io.sovereign.gateway.conversation.ResponseStore responses) {
        return new ParseFilter(
                (int) Math.min(Integer.MAX_VALUE, props.limits().maxBodySize().toBytes()), frontEnds(responses));
    }

    /** The APIs the pipeline serves; a path no front-end claims is parsed as chat completions, as before. */
    static io.sovereign.gateway.request.FrontEnds frontEnds(io.sovereign.gateway.conversation.ResponseStore responses) {
        var chat = new io.sovereign.gateway.openai.ChatCompletionsFrontEnd();
        return new io.sovereign.gateway.request.FrontEnds(
                java.util.List.of(
                        chat,
                        new io.sovereign.gateway.openai.EmbeddingsFrontEnd(),
                        new io.sovereign.gateway.messages.MessagesFrontEnd(),
                        new io.sovereign.gateway.responses.ResponsesFrontEnd(responses)),
                chat);
    }

    @Bean(destroyMethod = "dispose")
    Scheduler classifierScheduler(ClassifierProperties classifier) {
        // bounded: classification of large bodies is CPU work; a queue beyond this is back-pressure, not more threads
        return Schedulers.newBoundedElastic(classifier.threadCount(), classifier.queueCapacity(), "classifier");
    }

    @Bean
    PolicyClassifiers policyClassifiers() {
        return new PolicyClassifiers();
    }

    /** The one adjudicator of the pipeline and the explain endpoint, with the pipeline's classifier settings. */
    @Bean
    io.sovereign.gateway.pipeline.OffLoop adjudication(
            PolicyClassifiers classifiers, Scheduler classifierScheduler, ClassifierProperties classifier) {
        var adjudicator = new io.sovereign.gateway.decide.Adjudicator(
                p -> io.sovereign.gateway.decide.Classifying.of(classifiers.apply(p)), classifier.deadline());
        return new io.sovereign.gateway.pipeline.OffLoop(
                adjudicator, classifierScheduler, classifier.offloadThreshold().toBytes());
    }

    @Bean
    ClassifyFilter classifyFilter(io.sovereign.gateway.pipeline.OffLoop adjudication, GatewayMetrics metrics) {
        return new ClassifyFilter(adjudication, metrics);
    }

    @Bean
    RequestRateFilter requestRateFilter(PolicyHolder policies, QuotaService quotas, GatewayMetrics metrics) {
        return new RequestRateFilter(policies, quotas, metrics);
    }

    @Bean
    DecideFilter decideFilter(GatewayMetrics metrics, io.sovereign.gateway.pipeline.OffLoop adjudication) {
        return new DecideFilter(metrics, adjudication);
    }

    @Bean
    QuotaFilter quotaFilter(QuotaService quotas, TokenCounter tokens, GatewayMetrics metrics) {
        return new QuotaFilter(quotas, tokens, metrics);
    }

    @Bean
    Settler settler(BudgetStore budgets, QuotaService quotas) {
        return new Settler(budgets, quotas);
    }

    @Bean
    BudgetFilter budgetFilter(
            BudgetStore budgets,
            Settler settler,
            StoreProperties store,
            GatewayMetrics metrics,
            GatewayProperties props) {
        return new BudgetFilter(
                budgets,
                settler,
                store.reservationTtl(),
                Clock.systemUTC(),
                metrics,
                props.upstream().abandonedCallTimeout());
    }

    @Bean
    ResponseStreamFilter responseStreamFilter(Settler settler, TokenCounter tokens, GatewayProperties props) {
        return new ResponseStreamFilter(settler, tokens, props.upstream().idleTimeout());
    }

    @Bean
    TargetRoutes targetRoutes(GatewayProperties props) {
        return new TargetRoutes(
                props.upstream().connectTimeout(), props.upstream().firstByteTimeout());
    }

    @Bean
    TargetCircuits targetCircuits(GatewayProperties props) {
        return new TargetCircuits(props.upstream().circuit());
    }

    @Bean
    ForwardFilter forwardFilter(
            TargetRoutes routes, TargetCircuits circuits, GatewayProperties props, GatewayMetrics metrics) {
        return new ForwardFilter(new io.sovereign.gateway.upstream.EgressGuard(routes), circuits, metrics);
    }

    @Bean
    RouterFunction<ServerResponse> gatewayEndpoints(
            PolicyHolder policies,
            io.sovereign.gateway.pipeline.OffLoop adjudication,
            GatewayProperties props,
            BudgetStore budgets,
            QuotaService quotas,
            io.sovereign.gateway.decisions.DecisionHandlers decisions,
            io.sovereign.gateway.conversation.ResponseStore responses,
            Shadow shadow) {
        ModelsHandler models = new ModelsHandler(policies);
        AdminHandlers admin = new AdminHandlers(
                policies,
                new Explainer(adjudication),
                (int) Math.min(Integer.MAX_VALUE, props.limits().maxBodySize().toBytes()),
                frontEnds(responses));
        // every /admin route leaves an audit line (AdminAudit): add new admin routes to this group
        RouterFunction<ServerResponse> adminRoutes = RouterFunctions.route(
                        RequestPredicates.POST("/admin/policy/explain"), admin::explain)
                .andRoute(
                        RequestPredicates.GET("/admin/spend"),
                        new SpendHandler(budgets, policies, Clock.systemUTC())::spend)
                .andRoute(
                        RequestPredicates.GET("/admin/policy/revisions"),
                        new io.sovereign.gateway.admin.RevisionsHandler(policies)::list)
                .andRoute(
                        RequestPredicates.GET("/admin/policy/shadow"),
                        new io.sovereign.gateway.admin.ShadowHandler(policies, shadow)::report)
                .andRoute(RequestPredicates.GET("/admin/decisions/{request_id}"), decisions::admin)
                .filter(AdminAudit::filter);
        GatewayProperties.Oidc roles = props.auth().oidc();
        var me = new io.sovereign.gateway.me.SelfServiceHandler(
                policies,
                quotas,
                budgets,
                Set.of(roles.userRole(), roles.adminRole(), roles.financeRole()),
                Clock.systemUTC());
        return RouterFunctions.route(RequestPredicates.GET("/v1/models"), models::list)
                .andRoute(RequestPredicates.GET("/v1/me"), me::me)
                .andRoute(RequestPredicates.GET("/v1/me/decisions/{request_id}"), decisions::mine)
                .and(adminRoutes);
    }

    /** A configuration problem at start: reported as one clear line by {@link StartupFailureAnalyzer}. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message, null, false, false);
        }
    }
}
