package io.sovereign.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.conversation.MemoryResponseStore;
import io.sovereign.gateway.conversation.RedisResponseStore;
import io.sovereign.gateway.conversation.ResponseStore;
import io.sovereign.gateway.conversation.ResponsesProperties;
import io.sovereign.gateway.conversation.StoredResponsesHandler;
import io.sovereign.gateway.messages.CountTokensHandler;
import io.sovereign.gateway.messages.MessagesReplyFilter;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.store.StoreProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The Responses and Messages endpoints the gateway answers itself, without a target: the stored-response reads
 * and deletes, and Anthropic's token count; plus the error shaping those API clients need.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResponsesProperties.class)
public class FrontEndEndpoints {

    @Bean(destroyMethod = "close")
    ResponseStore responseStore(
            StoreProperties store,
            ResponsesProperties responses,
            @Value("${spring.data.redis.url:redis://localhost:6379}") String url,
            ObjectProvider<MeterRegistry> registry) {
        return switch (store.type()) {
            case MEMORY ->
                new MemoryResponseStore(Clock.systemUTC(), responses.storeTtl(), responses.memoryMaxEntries());
            case REDIS ->
                new RedisResponseStore(
                        url,
                        store.commandTimeout(),
                        responses.storeTtl(),
                        store.keyPrefix(),
                        registry.getIfAvailable());
        };
    }

    /** Responses callers get their answers translated back from chat completions. */
    @Bean
    io.sovereign.gateway.responses.ResponsesReplyFilter responsesReplyFilter() {
        return new io.sovereign.gateway.responses.ResponsesReplyFilter();
    }

    @Bean
    MessagesReplyFilter messagesReplyFilter() {
        return new MessagesReplyFilter();
    }

    @Bean
    RouterFunction<ServerResponse> frontEndRoutes(
            ResponseStore store, TokenCounter tokens, GatewayProperties props, PolicyHolder policies) {
        StoredResponsesHandler responses = new StoredResponsesHandler(store);
        CountTokensHandler countTokens = new CountTokensHandler(tokens, policies::current, (int)
                Math.min(Integer.MAX_VALUE, props.limits().maxBodySize().toBytes()));
        return RouterFunctions.route(RequestPredicates.GET("/v1/responses/{id}"), responses::retrieve)
                .andRoute(RequestPredicates.DELETE("/v1/responses/{id}"), responses::delete)
                .andRoute(RequestPredicates.POST("/v1/messages/count_tokens"), countTokens::count);
    }
}
