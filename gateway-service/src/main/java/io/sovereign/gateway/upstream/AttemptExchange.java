package io.sovereign.gateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * One upstream attempt's view of the exchange, with attributes of its own. Spring Cloud Gateway keeps its routing
 * state there (the upstream response and its connection), and its response writer disposes "the" connection it
 * finds there when an attempt fails, after the failure has propagated, possibly on another thread. With a shared
 * map it could find and dispose the fallback's connection: the caller then got the fallback's headers and never
 * its body. Each attempt starts from a copy of the caller's attributes (the request context is shared by
 * reference), so the failed attempt's clean-up can only ever reach its own connection.
 */
final class AttemptExchange extends ServerWebExchangeDecorator {

    private final Map<String, Object> attributes;

    AttemptExchange(ServerWebExchange attempt, Map<String, Object> callerAttributes) {
        super(attempt);
        this.attributes = new ConcurrentHashMap<>(callerAttributes);
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String name) {
        return (T) attributes.get(name);
    }
}
