package io.sovereign.gateway.conversation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.responses.*}: how long the Responses API's conversations are kept ({@code store-ttl}; OpenAI keeps
 * stored responses 30 days, so a client that resumes a conversation a week later works the same through the
 * gateway) and, for {@code gateway.store.type=memory}, how many at most ({@code memory-max-entries}, oldest first
 * out). Where they live follows {@code gateway.store.type}.
 */
@ConfigurationProperties("gateway.responses")
public record ResponsesProperties(
        @DefaultValue("30d") Duration storeTtl,
        @DefaultValue("10000") int memoryMaxEntries) {

    public ResponsesProperties {
        if (storeTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("gateway.responses.store-ttl must be at least 1s, got " + storeTtl);
        }
        if (memoryMaxEntries < 1) {
            throw new IllegalArgumentException(
                    "gateway.responses.memory-max-entries must be at least 1, got " + memoryMaxEntries);
        }
    }
}
